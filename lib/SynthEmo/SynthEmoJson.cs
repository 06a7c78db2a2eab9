using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace R1Omni.SynthEmo;

/// <summary>JSON settings of SynthEmo's files: snake_case names and enum values, and no escaping of "&lt;" or "&gt;" so
/// the &lt;think&gt;/&lt;answer&gt; tags stay readable.</summary>
static class SynthEmoJson
{
    public static JsonSerializerOptions Compact { get; } = Make(indented: false);
    public static JsonSerializerOptions Indented { get; } = Make(indented: true);

    static JsonSerializerOptions Make(bool indented) => new()
    {
        WriteIndented = indented,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
