using R1Omni.Models.Whisper;
using Xunit.Abstractions;
using static TorchSharp.torch;
using static R1Omni.Tests.Models.ParityFixtures;

namespace R1Omni.Tests.Models;

/// <summary>
/// Against tests/fixtures/parity/whisper (transformers 4.49, fp32, openai/whisper layout): last_hidden_state within
/// 1e-5 (the reference's own fp32-vs-fp64 error: 1.1e-6).
/// </summary>
public class WhisperParityTests(ITestOutputHelper log)
{
    static readonly string Dir = Case("whisper");
    static readonly string Inputs = Path.Combine(Dir, "inputs.safetensors");
    static readonly string Expected = Path.Combine(Dir, "expected.safetensors");
    const double Tolerance = 1e-5;

    [Fact]
    public void LastHiddenStateMatchesTheReference()
    {
        using var model = WhisperEncoder.FromPretrained(Dir);
        using var features = Read(Inputs, "input_features");
        using var _ = inference_mode();
        using var hidden = model.Forward(features);
        double d = MaxAbsDiff(hidden, Read(Expected, "last_hidden_state"));
        log.WriteLine($"whisper fp32: max |Δ| {d:E2}");
        Assert.True(d <= Tolerance, $"last_hidden_state: {d:E2}");
    }

    [Fact]
    public void DumpCommandReproducesTheFixture()
    {
        var (rc, stderr, outFile) = RunDump(Dir, Inputs);
        Assert.True(rc == 0, stderr);
        double d = MaxAbsDiff(Read(outFile, "last_hidden_state"), Read(Expected, "last_hidden_state"));
        Assert.True(d <= Tolerance, $"last_hidden_state: {d:E2}");
    }

    [Fact]
    public void DumpOfUnbatchedFeaturesGivesTheHumanOmniAudioEncoderOutput()
    {
        // The humanomni case: 128 mel bins, 60 frames, input_features stored as [n_mels, frames].
        string omni = Case("humanomni");
        var (rc, stderr, outFile) = RunDump(Path.Combine(omni, "whisper"), Path.Combine(omni, "inputs.safetensors"));
        Assert.True(rc == 0, stderr);
        double d = MaxAbsDiff(Read(outFile, "last_hidden_state"), Read(Path.Combine(omni, "expected.safetensors"), "audio.encoder"));
        log.WriteLine($"humanomni audio.encoder: max |Δ| {d:E2}");
        Assert.True(d <= Tolerance, $"audio.encoder: {d:E2}");
    }

    [Fact]
    public void Bf16ForwardStaysClose()
    {
        using var model = WhisperEncoder.FromPretrained(Dir, ScalarType.BFloat16);
        using var features = Read(Inputs, "input_features");
        using var _ = inference_mode();
        using var hidden = model.Forward(features);
        Assert.Equal(ScalarType.BFloat16, hidden.dtype);
        using var expected = Read(Expected, "last_hidden_state");
        double d = MaxAbsDiff(hidden, expected);
        double scale = expected.abs().max().item<float>();
        log.WriteLine($"whisper bf16: max |Δ| {d:E2} (|max| {scale:F2})");
        // bf16 keeps 8 significant bits: the bound is 5% of the largest (LayerNorm-scaled, ~3) activation.
        Assert.True(d <= 0.05 * scale, $"bf16 last_hidden_state: max |Δ| {d:E2} vs |max| {scale}");
    }

    [Fact]
    public void ClassificationLayoutLoadsTheSameEncoder()
    {
        // WhisperForAudioClassification saves encoder.* beside its projector/classifier heads.
        string dir = CopyWithKeys(Dir, k => k.StartsWith("model.encoder.") ? k["model.".Length..] : null,
            ("projector.weight", zeros(4, 48)), ("classifier.weight", zeros(2, 4)));
        using var a = WhisperEncoder.FromPretrained(Dir);
        using var b = WhisperEncoder.FromPretrained(dir);
        using var features = Read(Inputs, "input_features");
        using var _ = inference_mode();
        Assert.True(a.Forward(features).equal(b.Forward(features)).all().item<bool>());
    }

    [Fact]
    public void WrongFrameCountNamesBothLengths()
    {
        using var model = WhisperEncoder.FromPretrained(Dir);
        using var features = zeros(1, 80, 3000);
        var e = Assert.Throws<R1OmniException>(() => model.Forward(features));
        Assert.Contains("length 100", e.Message);
        Assert.Contains("found 3000", e.Message);

        string inputs = WriteTensors(("input_features", zeros(1, 80, 99)));
        var (rc, stderr, _) = RunDump(Dir, inputs);
        Assert.Equal(1, rc);
        Assert.Contains("length 100", stderr);
        Assert.Contains("found 99", stderr);
    }

    [Fact]
    public void WrongMelCountIsNamed()
    {
        using var model = WhisperEncoder.FromPretrained(Dir);
        using var features = zeros(1, 128, 100);
        Assert.Contains("num_mel_bins 80", Assert.Throws<R1OmniException>(() => model.Forward(features)).Message);
    }

    [Fact]
    public void MissingTowerKeyIsNamed()
    {
        string dir = CopyWithKeys(Dir, k => k == "model.encoder.layers.1.self_attn.v_proj.bias" ? null : k);
        var e = Assert.Throws<R1OmniException>(() => WhisperEncoder.FromPretrained(dir));
        Assert.Contains("layers.1.self_attn.v_proj.bias", e.Message);
    }

    [Fact]
    public void ForeignTensorsAndNonWhisperFoldersAreRejected()
    {
        string foreign = CopyWithKeys(Dir, k => k, ("vision_model.post_layernorm.weight", zeros(4)));
        Assert.Contains("vision_model.post_layernorm.weight", Assert.Throws<R1OmniException>(() => WhisperEncoder.FromPretrained(foreign)).Message);
        string noEncoder = CopyWithKeys(Dir, k => k.StartsWith("model.decoder.") ? k : null);
        Assert.Contains("model.encoder.conv1.weight", Assert.Throws<R1OmniException>(() => WhisperEncoder.FromPretrained(noEncoder)).Message);
    }
}
