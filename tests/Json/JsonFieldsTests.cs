using System.Text;
using System.Text.Json;
using R1Omni.Json;

namespace R1Omni.Tests.Json;

public class JsonFieldsTests
{
    static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    static string Fails(Action read) => Assert.Throws<R1OmniException>(read).Message;

    [Fact]
    public void RequiredFieldsAreReadAndMissingOnesNamed()
    {
        var o = Parse("""{"s": "x", "i": 7, "d": 0.5, "b": true, "n": null}""");
        Assert.Equal(("x", 7, 0.5, true), (JsonFields.RequiredString(o, "s", "f.json"), JsonFields.RequiredInt(o, "i", "f.json"),
                                           JsonFields.RequiredDouble(o, "d", "f.json"), JsonFields.RequiredBool(o, "b", "f.json")));
        Assert.Equal(7.0, JsonFields.RequiredDouble(o, "i", "f.json"));
        Assert.Equal("f.json: field 'a.t' is missing (expected a string)", Fails(() => JsonFields.RequiredString(o, "t", "f.json", "a.t")));
        Assert.Equal("f.json:3: field 'u' is missing (expected a video path)", Fails(() => JsonFields.RequiredString(o, "u", "f.json:3", what: "a video path")));
        // A required field written as null is there, with the wrong type.
        Assert.Equal("f.json: field 'n' must be an integer, found null", Fails(() => JsonFields.RequiredInt(o, "n", "f.json")));
    }

    [Fact]
    public void OptionalFieldsAreNullWhenAbsentOrNull()
    {
        var o = Parse("""{"s": "x", "n": null}""");
        Assert.Equal("x", JsonFields.OptionalString(o, "s", "f.json"));
        Assert.Null(JsonFields.OptionalString(o, "n", "f.json"));
        Assert.Null(JsonFields.OptionalInt(o, "absent", "f.json"));
        Assert.Null(JsonFields.OptionalDouble(o, "n", "f.json"));
        Assert.Null(JsonFields.OptionalBool(o, "n", "f.json"));
        Assert.Null(JsonFields.Optional(o, "n", JsonValueKind.Object, "f.json"));
        Assert.Null(JsonFields.OptionalIntOrList(o, "absent", "f.json"));
        Assert.Null(JsonFields.OptionalStringList(o, "n", "f.json"));
        Assert.Empty(JsonFields.OptionalStringMap(o, "absent", "f.json"));
        Assert.False(JsonFields.TryGet(o, "n", out _));
    }

    [Theory]
    [InlineData("""{"k": "64"}""", "int", "f.json: field 'k' must be an integer, found a string \"64\"")]
    [InlineData("""{"k": 2.5}""", "int", "f.json: field 'k' must be an integer, found a number 2.5")]
    [InlineData("""{"k": 3000000000}""", "int", "f.json: field 'k' must be an integer, found a number 3000000000")]
    [InlineData("""{"k": true}""", "double", "f.json: field 'k' must be a number, found true")]
    [InlineData("""{"k": 1}""", "bool", "f.json: field 'k' must be a boolean, found a number 1")]
    [InlineData("""{"k": ["a", "b"]}""", "string", "f.json: field 'k' must be a string, found a list [\"a\", \"b\"]")]
    [InlineData("""{"k": {"x": 1}}""", "id", "f.json: field 'k' must be a string or an integer id, found an object {\"x\": 1}")]
    [InlineData("""{"k": "</s>"}""", "intOrList", "f.json: field 'k' must be an integer or a list of integers, found a string \"</s>\"")]
    [InlineData("""{"k": [1, "2"]}""", "intOrList", "f.json: field 'k[1]' must be an integer, found a string \"2\"")]
    [InlineData("""{"k": ["a", 2]}""", "stringList", "f.json: field 'k[1]' must be a string, found a number 2")]
    [InlineData("""{"k": {"a": "x", "b": 2}}""", "stringMap", "f.json: field 'k.b' must be a string, found a number 2")]
    [InlineData("""{"k": ["a"]}""", "stringMap", "f.json: field 'k' must be an object of strings, found a list [\"a\"]")]
    [InlineData("""{"k": "x"}""", "object", "f.json: field 'k' must be an object, found a string \"x\"")]
    public void WrongTypesNameTheFieldTheExpectedTypeAndTheValue(string json, string kind, string expected)
    {
        var o = Parse(json);
        Action read = kind switch
        {
            "int" => () => JsonFields.OptionalInt(o, "k", "f.json"),
            "double" => () => JsonFields.OptionalDouble(o, "k", "f.json"),
            "bool" => () => JsonFields.OptionalBool(o, "k", "f.json"),
            "string" => () => JsonFields.OptionalString(o, "k", "f.json"),
            "id" => () => JsonFields.OptionalId(o, "k", "f.json"),
            "intOrList" => () => JsonFields.OptionalIntOrList(o, "k", "f.json"),
            "stringList" => () => JsonFields.OptionalStringList(o, "k", "f.json"),
            "stringMap" => () => JsonFields.OptionalStringMap(o, "k", "f.json"),
            _ => () => JsonFields.Optional(o, "k", JsonValueKind.Object, "f.json"),
        };
        Assert.Equal(expected, Fails(read));
    }

    [Fact]
    public void CompositeValues()
    {
        var o = Parse("""{"id1": "00017", "id2": 17, "one": 5, "many": [1, 2], "list": ["a", "b"], "map": {"x": "1", "y": "2"}}""");
        Assert.Equal(("00017", "17"), (JsonFields.OptionalId(o, "id1", "f"), JsonFields.OptionalId(o, "id2", "f")));
        Assert.Equal([5], JsonFields.OptionalIntOrList(o, "one", "f")!);
        Assert.Equal([1, 2], JsonFields.OptionalIntOrList(o, "many", "f")!);
        Assert.Equal(["a", "b"], JsonFields.RequiredStringList(o, "list", "f"));
        Assert.Equal(["x", "y"], JsonFields.RequiredStringMap(o, "map", "f").Keys);
        Assert.Equal("2", JsonFields.OptionalStringMap(o, "map", "f")["y"]);
    }

    [Fact]
    public void ValuesThatAreNotFieldsAreNamedByWhere()
    {
        Assert.Equal("f.json:2: expected an item object, found a string \"a.mp4\"",
                     Fails(() => JsonFields.Expect(Parse("\"a.mp4\""), JsonValueKind.Object, "f.json:2", what: "an item object")));
        Assert.Equal("f.json: field 'added_tokens[0]' must be an object, found a list []",
                     Fails(() => JsonFields.Expect(Parse("[]"), JsonValueKind.Object, "f.json", "added_tokens[0]")));
        Assert.Equal(JsonValueKind.False, JsonFields.Expect(Parse("false"), JsonValueKind.True, "f.json").ValueKind);
        string longText = new('x', 60);
        Assert.Equal($"f: field 'k' must be an integer, found a string \"{new string('x', 39)}...",
                     Fails(() => JsonFields.AsInt(Parse($"\"{longText}\""), "f", "k")));
    }

    [Fact]
    public void ParseNamesTheFileLineAndPosition()
    {
        string dir = TestPaths.NewTempDir();
        string path = Path.Combine(dir, "bad.json");
        File.WriteAllText(path, "{\n  \"a\": 1,,\n}");
        string message = Fails(() => JsonFile.Parse(path).Dispose());
        Assert.StartsWith($"{path}: malformed JSON at line 2, position 10: ", message);
        Assert.DoesNotContain("LineNumber", message);

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("[1, 2"));
        Assert.StartsWith("inflated.json: malformed JSON at line 1, position 6: ", Fails(() => JsonFile.Parse(stream, "inflated.json").Dispose()));

        string missing = Path.Combine(dir, "none.json");
        Assert.Equal($"{missing}: file not found", Fails(() => JsonFile.Parse(missing).Dispose()));
        Assert.Equal($"{missing}: file not found", Fails(() => JsonFile.ReadAllBytes(missing)));

        File.WriteAllText(path, "{\"a\": [1]}");
        using var doc = JsonFile.Parse(path);
        Assert.Equal(1, doc.RootElement.GetProperty("a")[0].GetInt32());
    }
}
