using R1Omni.Config;

namespace R1Omni.Tests.Config;

/// <summary>The config.json files of the reference checkpoints parse with the values documented in their case files.</summary>
public class FixtureConfigTests
{
    static string Case(params string[] parts) => TestPaths.Fixture(["parity", .. parts]);

    [Fact]
    public void Qwen2()
    {
        Assert.Equal("qwen2", ModelConfig.ReadModelType(Case("qwen2")));
        var c = Assert.IsType<Qwen2Config>(ModelConfig.Load(Case("qwen2")));
        Assert.Equal((1000, 64, 128, 2, 4, 2, 16), (c.VocabSize, c.HiddenSize, c.IntermediateSize, c.NumHiddenLayers,
                                                   c.NumAttentionHeads, c.NumKeyValueHeads, c.HeadDim));
        Assert.Equal((32768, 1e-6, 1e6), (c.MaxPositionEmbeddings, c.RmsNormEps, c.RopeTheta));
        Assert.True(c.TieWordEmbeddings);
        Assert.Equal("silu", c.HiddenAct);
        Assert.Equal(997, c.BosTokenId);
        Assert.Equal([999], c.EosTokenIds);
        Assert.Null(c.PadTokenId);
        Assert.False(c.UseSlidingWindow);
        Assert.Null(c.SlidingWindow);
        Assert.Null(c.RopeScalingType);
        Assert.Equal(2, c.MaxWindowLayers);
        Assert.Equal("float32", c.TorchDtype);
        Assert.Equal(["Qwen2ForCausalLM"], c.Architectures);
    }

    [Fact]
    public void HumanOmni()
    {
        Assert.Equal("HumanOmni_qwen2", ModelConfig.ReadModelType(Case("humanomni")));
        var c = ModelConfig.Load<HumanOmniConfig>(Case("humanomni"));
        Assert.Equal((1000, 48, 96, 2, 6, 2, 8), (c.Text.VocabSize, c.Text.HiddenSize, c.Text.IntermediateSize,
                                                 c.Text.NumHiddenLayers, c.Text.NumAttentionHeads, c.Text.NumKeyValueHeads, c.Text.HeadDim));
        Assert.True(c.Text.TieWordEmbeddings);
        Assert.Equal(["HumanOmniQwen2ForCausalLM"], c.Text.Architectures);
        Assert.Equal(("./siglip", -2, "patch", 32, "all_in_one_small"),
                     (c.MmVisionTower, c.MmVisionSelectLayer, c.MmVisionSelectFeature, c.MmHiddenSize, c.MmProjectorType));
        Assert.Equal(("./whisper", "mlp2x_gelu", 40), (c.MmAudioTower, c.MmAudioProjectorType, c.AudioHiddenSize));
        Assert.Equal(8, c.NumFrames);
        Assert.True(c.MmUseXStartEnd);
        Assert.Equal("pad", c.ImageAspectRatio);
        Assert.Equal((2048, "right"), (c.TokenizerModelMaxLength, c.TokenizerPaddingSide));
        Assert.Equal("mm_mlp_adapter,audio_projector,mm_language_model", c.MmTunableParts);
        Assert.Equal([15, 22], c.HyperLayers);
    }

    [Fact]
    public void SiglipFillsDefaultsTheNestedConfigOmits()
    {
        Assert.Equal("siglip", ModelConfig.ReadModelType(Case("siglip")));
        var c = ModelConfig.Load<SiglipVisionConfig>(Case("siglip"));
        Assert.Equal((48, 96, 3, 4, 32, 8), (c.HiddenSize, c.IntermediateSize, c.NumHiddenLayers, c.NumAttentionHeads, c.ImageSize, c.PatchSize));
        // Absent from vision_config, so the class defaults apply.
        Assert.Equal((3, "gelu_pytorch_tanh", 1e-6, 0.0), (c.NumChannels, c.HiddenAct, c.LayerNormEps, c.AttentionDropout));
        Assert.Equal((12, 16, 4), (c.HeadDim, c.NumPatches, c.PatchesPerSide));
        Assert.Equal("float32", c.TorchDtype);

        var tower = ModelConfig.Load<SiglipVisionConfig>(Case("humanomni", "siglip"));
        Assert.Equal((32, 64, 3, 4, 48, 8, 36), (tower.HiddenSize, tower.IntermediateSize, tower.NumHiddenLayers,
                                                 tower.NumAttentionHeads, tower.ImageSize, tower.PatchSize, tower.NumPatches));
    }

    [Fact]
    public void Whisper()
    {
        var c = ModelConfig.Load<WhisperConfig>(Case("whisper"));
        Assert.Equal((80, 48, 2, 4, 96, 50, 100), (c.NumMelBins, c.DModel, c.EncoderLayers, c.EncoderAttentionHeads,
                                                  c.EncoderFfnDim, c.MaxSourcePositions, c.InputFrames));
        Assert.Equal(("gelu", false, 12), (c.ActivationFunction, c.ScaleEmbedding, c.EncoderHeadDim));
        Assert.Equal((1, 4, 96, 16), (c.DecoderLayers, c.DecoderAttentionHeads, c.DecoderFfnDim, c.MaxTargetPositions));
        Assert.Equal([93], c.EosTokenIds);
        Assert.Equal((93, 92), (c.PadTokenId, c.DecoderStartTokenId));

        var tower = ModelConfig.Load<WhisperConfig>(Case("humanomni", "whisper"));
        Assert.Equal((128, 40, 2, 4, 80, 30), (tower.NumMelBins, tower.DModel, tower.EncoderLayers,
                                              tower.EncoderAttentionHeads, tower.EncoderFfnDim, tower.MaxSourcePositions));
    }

    [Fact]
    public void Bert()
    {
        var c = ModelConfig.Load<BertConfig>(Case("bert"));
        Assert.Equal((512, 32, 2, 4, 64, 64, 2), (c.VocabSize, c.HiddenSize, c.NumHiddenLayers, c.NumAttentionHeads,
                                                 c.IntermediateSize, c.MaxPositionEmbeddings, c.TypeVocabSize));
        Assert.Equal(("gelu", 1e-12, 0, "absolute"), (c.HiddenAct, c.LayerNormEps, c.PadTokenId, c.PositionEmbeddingType));
        Assert.Equal(0.0, c.HiddenDropoutProb);
        Assert.Equal(1000, ModelConfig.Load<BertConfig>(Case("humanomni", "bert")).VocabSize);
    }

    [Fact]
    public void GenerationConfigs()
    {
        foreach (string folder in new[] { Case("qwen2"), Case("humanomni") })
        {
            var g = GenerationConfig.TryLoad(folder)!;
            Assert.Equal([999], g.EosTokenIds);
            Assert.Equal(997, g.BosTokenId);
            Assert.Null(g.PadTokenId);
            Assert.False(g.DoSample);
            Assert.Equal((1.0, 50, 1.0, 1.0), (g.Temperature, g.TopK, g.TopP, g.RepetitionPenalty));
            Assert.Null(g.MaxNewTokens);
        }
        var w = GenerationConfig.TryLoad(Case("whisper"))!;
        Assert.Equal((93, 92), (w.PadTokenId, w.DecoderStartTokenId));
        Assert.Null(GenerationConfig.TryLoad(Case("siglip")));
    }
}
