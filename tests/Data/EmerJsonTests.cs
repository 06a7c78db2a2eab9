using R1Omni.Data;
using R1Omni.Prompts;

namespace R1Omni.Tests.Data;

public class EmerJsonTests
{
    [Fact]
    public void ItemsWithDescriptionAndLabelBecomeColdStartConversations()
    {
        string dir = TestPaths.NewTempDir();
        string json = Path.Combine(dir, "emer.json");
        File.WriteAllText(json, """
            [
              {"id": "sample_00000011", "description": "She smiles broadly and laughs.", "label": "happy"},
              {"id": 42, "video": "clips/forty-two.avi", "label": "worried"},
              {"id": "sample_3", "description": "Only a description."}
            ]
            """);
        var m = EmerJson.Read(json, dir);

        Assert.Equal(["emer/sample_00000011", "emer/42", "emer/sample_3"], m.Items.Select(i => i.Id));
        Assert.Equal([Path.Combine(dir, "sample_00000011.mp4"), Path.Combine(dir, "clips", "forty-two.avi"), Path.Combine(dir, "sample_3.mp4")],
                     m.Items.Select(i => i.Video));
        Assert.Equal(["happy", "worried", null], m.Items.Select(i => i.Label));
        Assert.All(m.Items, i => Assert.Equal("emer", i.Source));

        var turns = m.Items[0].Conversations!;
        Assert.Equal("<video>\n<audio>\n" + R1OmniPrompts.DemoInstruct, turns[0].Value);
        Assert.Equal("<think>She smiles broadly and laughs.</think>\n<answer>happy</answer>", turns[1].Value);
        Assert.Null(m.Items[1].Conversations);
        Assert.Equal("Only a description.", m.Items[2].Meta["description"]);
    }

    [Fact]
    public void LabelListsAreRejectedWithTheLine()
    {
        string json = Path.Combine(TestPaths.NewTempDir(), "ov.json");
        File.WriteAllText(json, "[\n {\"id\": \"a\", \"label\": \"sad\"},\n {\"id\": \"b\", \"label\": [\"sad\", \"tired\"]}\n]");
        var e = Assert.Throws<R1OmniException>(() => EmerJson.Read(json, "/r"));
        Assert.Equal($"{json}:3: field 'label' must be one label string, found a list [\"sad\", \"tired\"]", e.Message);
    }
}
