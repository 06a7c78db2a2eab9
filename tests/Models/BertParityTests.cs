using R1Omni.Checkpoints;
using R1Omni.Config;
using R1Omni.Models.Bert;
using Xunit.Abstractions;
using static TorchSharp.torch;
using static R1Omni.Tests.Models.ParityFixtures;

namespace R1Omni.Tests.Models;

/// <summary>
/// Against tests/fixtures/parity/bert (transformers 4.49, fp32, bert-base-uncased layout, second row padded):
/// last_hidden_state at every position — padded ones included, which HF computes too — within 1e-5 (the reference's
/// own fp32-vs-fp64 error: 1.1e-6).
/// </summary>
public class BertParityTests(ITestOutputHelper log)
{
    static readonly string Dir = Case("bert");
    static readonly string Inputs = Path.Combine(Dir, "inputs.safetensors");
    static readonly string Expected = Path.Combine(Dir, "expected.safetensors");
    const double Tolerance = 1e-5;

    static Tensor Run(BertModel model)
    {
        using var ids = Read(Inputs, "input_ids");
        using var mask = Read(Inputs, "attention_mask");
        using var _ = inference_mode();
        return model.Forward(ids, mask);
    }

    [Fact]
    public void LastHiddenStateMatchesTheReference()
    {
        using var model = BertModel.FromPretrained(Dir);
        using var hidden = Run(model);
        using var expected = Read(Expected, "last_hidden_state");
        double d = MaxAbsDiff(hidden, expected);
        double dPaddedRowReal = MaxAbsDiff(hidden[1].narrow(0, 0, 6), expected[1].narrow(0, 0, 6));
        log.WriteLine($"bert fp32: max |Δ| {d:E2} (padded row, real tokens: {dPaddedRowReal:E2})");
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
    public void HumanOmniCheckpointCopyIsLoadedByPrefix()
    {
        // HumanOmni reads BERT from the checkpoint's model.bert_model.*; the bert/ folder beside it holds other weights.
        string omni = Case("humanomni");
        var config = ModelConfig.Load<BertConfig>(Path.Combine(omni, "bert"));
        using var model = new BertModel(config);
        using (var reader = CheckpointReader.Open(omni))
            Assert.Empty(model.LoadWeights(reader, "model.bert_model.").Missing);
        using var ids = Read(Path.Combine(omni, "inputs.safetensors"), "bert_input_ids").unsqueeze(0);
        using var mask = Read(Path.Combine(omni, "inputs.safetensors"), "bert_attention_mask").unsqueeze(0);
        using var expected = Read(Path.Combine(omni, "expected.safetensors"), "bert.last_hidden_state").unsqueeze(0);
        using var _ = inference_mode();
        using var hidden = model.Forward(ids, mask);
        double d = MaxAbsDiff(hidden, expected);
        log.WriteLine($"humanomni bert.last_hidden_state: max |Δ| {d:E2}");
        Assert.True(d <= Tolerance, $"bert.last_hidden_state: {d:E2}");
        using var cls = Read(Path.Combine(omni, "expected.safetensors"), "bert.cls");
        Assert.True(MaxAbsDiff(hidden[0, 0], cls) <= Tolerance);

        using var folderModel = BertModel.FromPretrained(Path.Combine(omni, "bert"));
        Assert.True(MaxAbsDiff(folderModel.Forward(ids, mask), expected) > 1e-2, "the bert/ folder weights should differ from the checkpoint copy");
    }

    [Fact]
    public void Bf16ForwardStaysClose()
    {
        using var model = BertModel.FromPretrained(Dir, ScalarType.BFloat16);
        using var hidden = Run(model);
        Assert.Equal(ScalarType.BFloat16, hidden.dtype);
        using var expected = Read(Expected, "last_hidden_state");
        double d = MaxAbsDiff(hidden, expected);
        double scale = expected.abs().max().item<float>();
        log.WriteLine($"bert bf16: max |Δ| {d:E2} (|max| {scale:F2})");
        // bf16 keeps 8 significant bits: the bound is 5% of the largest (LayerNorm-scaled) activation.
        Assert.True(d <= 0.05 * scale, $"bf16 last_hidden_state: max |Δ| {d:E2} vs |max| {scale}");
    }

    [Fact]
    public void LegacyGammaBetaNamesLoad()
    {
        string dir = CopyWithKeys(Dir, k => k.EndsWith("LayerNorm.weight") ? k.Replace("LayerNorm.weight", "LayerNorm.gamma")
                                          : k.EndsWith("LayerNorm.bias") ? k.Replace("LayerNorm.bias", "LayerNorm.beta") : k);
        using var model = BertModel.FromPretrained(dir);
        using var reference = BertModel.FromPretrained(Dir);
        Assert.True(Run(model).equal(Run(reference)).all().item<bool>());
    }

    [Fact]
    public void MissingTowerKeyIsNamed()
    {
        string dir = CopyWithKeys(Dir, k => k == "bert.encoder.layer.1.attention.output.LayerNorm.bias" ? null : k);
        var e = Assert.Throws<R1OmniException>(() => BertModel.FromPretrained(dir));
        Assert.Contains("encoder.layer.1.attention.output.LayerNorm.bias", e.Message);
    }

    [Fact]
    public void BadInputsAreNamed()
    {
        using var model = BertModel.FromPretrained(Dir);
        Assert.Contains("vocab_size is 512", Assert.Throws<R1OmniException>(() => model.Forward(tensor(new long[,] { { 101, 512 } }))).Message);
        Assert.Contains("max_position_embeddings 64", Assert.Throws<R1OmniException>(() => model.Forward(zeros(1, 65, dtype: ScalarType.Int64))).Message);
        Assert.Contains("attention_mask", Assert.Throws<R1OmniException>(() => model.Forward(zeros(1, 4, dtype: ScalarType.Int64), ones(1, 3, dtype: ScalarType.Int64))).Message);

        string inputs = WriteTensors(("input_ids", zeros(1, 4, dtype: ScalarType.Int64)));
        var (rc, stderr, _) = RunDump(Dir, inputs);
        Assert.Equal(1, rc);
        Assert.Contains("attention_mask", stderr);
    }
}
