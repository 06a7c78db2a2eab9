using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Prompts;

namespace R1Omni.Tests.Evaluation;

/// <summary>Expected values were produced with Python's re.search(r'&lt;answer&gt;(.*?)&lt;/answer&gt;', s), str.strip() and str.lstrip().</summary>
public class AnswerExtractionTests
{
    [Theory]
    [InlineData("<think>The voice rises.</think>\n<answer> Angry </answer>", "Angry", "<think>The voice rises.</think>\n<answer> Angry </answer>")]
    [InlineData("  <answer>sad</answer>", "sad", "<answer>sad</answer>")]
    [InlineData("<answer>sad\n</answer>", "<answer>sad\n</answer>", "<answer>sad\n</answer>")]  // no DOTALL: a multi-line answer is not matched
    [InlineData("<answer>happy</answer> <answer>sad</answer>", "happy", "<answer>happy</answer> <answer>sad</answer>")]
    [InlineData("  angry \n", "angry", "angry \n")]
    [InlineData("\u001f\u001c angry", "angry", "angry")]  // Python white space, which .NET's char.IsWhiteSpace does not cover
    [InlineData("<ANSWER>fear</ANSWER>", "<ANSWER>fear</ANSWER>", "<ANSWER>fear</ANSWER>")]
    [InlineData("<answer></answer>", "", "<answer></answer>")]
    [InlineData("<think>a\nb</think>\n<answer>\u3000neutral\u00a0</answer>\n", "neutral", "<think>a\nb</think>\n<answer>\u3000neutral\u00a0</answer>\n")]
    [InlineData("<answer>fear</answer", "<answer>fear</answer", "<answer>fear</answer")]
    public void AnswerAndRawModes(string response, string answer, string raw)
    {
        Assert.Equal(answer, AnswerTag.Answer(response));
        Assert.Equal(raw, AnswerExtraction.Raw(response));
        Assert.Equal(answer, new AnswerExtraction(AnswerMode.Answer).Extract(response));
        Assert.Equal(raw, new AnswerExtraction(AnswerMode.Raw).Extract(response));
    }

    [Fact]
    public void SynonymsAreOffByDefaultAndNormaliseWhenOn()
    {
        const string response = "<think>…</think>\n<answer> Happiness. </answer>";
        Assert.Equal("Happiness.", new AnswerExtraction(AnswerMode.Answer).Extract(response));
        var table = SynonymTable.Default();
        var on = new AnswerExtraction(AnswerMode.Answer, table);
        Assert.Equal("happy", on.Extract(response));
        Assert.Equal("angry", on.Extract("<answer>Angry</answer>"));
        Assert.Equal("fear", on.Extract("<answer>FEARFUL</answer>"));
        Assert.Equal("surprise", on.Extract("surprised"));
        Assert.Equal("sad", on.Extract("<answer>sadness</answer>"));
        Assert.Equal("calm", on.Extract("Calm"));   // unlisted words are only lower-cased
        // Raw mode with synonyms still sees the whole response.
        Assert.Equal("<think>…</think>\n<answer> happiness. </answer>", new AnswerExtraction(AnswerMode.Raw, table).Extract(response));
    }

    [Fact]
    public void SynonymTablesAreChecked()
    {
        Assert.Contains("must be written lower-case", Assert.Throws<R1OmniException>(() => new SynonymTable(new Dictionary<string, string> { ["Joy"] = "happy" })).Message);
        string path = Path.Combine(TestPaths.NewTempDir(), "syn.json");
        File.WriteAllText(path, """{"synonyms": {"glad": 1}}""");
        Assert.Contains($"{path}: field 'synonyms.glad' must be a string, found a number", Assert.Throws<R1OmniException>(() => SynonymTable.Read(path)).Message);
    }

    [Fact]
    public void ModeNames()
    {
        Assert.Equal(AnswerMode.Raw, AnswerExtraction.ParseMode(AnswerExtraction.Name(AnswerMode.Raw)));
        Assert.Equal(AnswerMode.Answer, AnswerExtraction.ParseMode("answer"));
        Assert.Contains("expected answer or raw", Assert.Throws<R1OmniException>(() => AnswerExtraction.ParseMode("regex")).Message);
    }
}
