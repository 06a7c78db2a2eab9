using R1Omni.Checkpoints;
using R1Omni.Config;
using R1Omni.Models.Common;
using R1Omni.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Projector;

/// <summary>
/// HumanOmni's <c>all_in_one_small</c> multimodal projector (<c>humanomni/model/multimodal_projector/</c>), the one the
/// 0.5B checkpoints use. From the vision features of each video it builds three token sets of the LLM width — video and
/// body (STC-style connectors, same architecture, own weights) and face (MLP then 2× bilinear down-sampling) — and
/// fuses them with the BERT gate's branch probabilities. Tokens are ordered frame-major, then row, then column.
/// Parameter names are the checkpoint's <c>model.mm_projector.*</c> names (timm 1.0.3's for the RegNet stages).
/// </summary>
public sealed class AllInOneSmall : nn.Module<Tensor, Tensor, Tensor>
{
    public const string SupportedType = "all_in_one_small";
    public const string CheckpointPrefix = "model.mm_projector.";
    /// <summary>RegStage depth (the class default; <c>all_in_one</c> would use 4).</summary>
    public const int Depth = 2;

    readonly RegStage s1_video, s2_video, s1_body, s2_body;
    readonly Sequential sampler_video, sampler_body;
    readonly GeluMlp readout_video, readout_body, mlp_2xgelu_face;

    public long MmHiddenSize { get; }
    public long HiddenSize { get; }

    public AllInOneSmall(long mmHiddenSize, long hiddenSize, ScalarType dtype = ScalarType.Float32, Device? device = null)
        : base(nameof(AllInOneSmall))
    {
        (MmHiddenSize, HiddenSize) = (mmHiddenSize, hiddenSize);
        s1_video = new RegStage(Depth, mmHiddenSize, hiddenSize, dtype, device);
        sampler_video = Sampler(hiddenSize, dtype, device);
        s2_video = new RegStage(Depth, hiddenSize, hiddenSize, dtype, device);
        readout_video = new GeluMlp(hiddenSize, hiddenSize, hiddenSize, dtype, device);
        s1_body = new RegStage(Depth, mmHiddenSize, hiddenSize, dtype, device);
        sampler_body = Sampler(hiddenSize, dtype, device);
        s2_body = new RegStage(Depth, hiddenSize, hiddenSize, dtype, device);
        readout_body = new GeluMlp(hiddenSize, hiddenSize, hiddenSize, dtype, device);
        mlp_2xgelu_face = new GeluMlp(mmHiddenSize, hiddenSize, hiddenSize, dtype, device);
        RegisterComponents();
    }

    /// <summary>The projector a HumanOmni config asks for; any <c>mm_projector_type</c> but <see cref="SupportedType"/> is rejected.</summary>
    public static AllInOneSmall FromConfig(HumanOmniConfig config, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        if (config.MmProjectorType != SupportedType)
            throw new R1OmniException($"config.json: mm_projector_type '{config.MmProjectorType}' is not supported; " +
                                      $"only '{SupportedType}' (the HumanOmni-0.5B / R1-Omni projector) is implemented");
        return new AllInOneSmall(config.MmHiddenSize, config.Text.HiddenSize, dtype, device);
    }

    /// <summary>Loads <c>model.mm_projector.*</c> strictly (every parameter must be present with its shape).</summary>
    public LoadReport LoadWeights(CheckpointReader reader) => StateDict.Load(this, reader, PrefixedKeys.Under(CheckpointPrefix, _ => false));

    /// <summary>Visual tokens per video: each frame's patch grid halved in both directions (392 for 8 frames of 14×14).</summary>
    public static long TokenCount(long frames, long patches) => frames * (patches / 4);

    /// <summary>Conv3d kernel (2,2,2), stride (1,2,2), padding (1,0,0), then SiLU: T frames → T+1 slices, grid halved.</summary>
    static Sequential Sampler(long channels, ScalarType dtype, Device? device) => nn.Sequential(
        nn.Conv3d(channels, channels, (2, 2, 2), stride: (1, 2, 2), padding: (1, 0, 0), bias: true, device: device, dtype: dtype),
        nn.SiLU());

    /// <summary>The face branch's MLP (applied per patch, before pooling).</summary>
    public GeluMlp FaceMlp => mlp_2xgelu_face;

    /// <summary>Fused visual tokens [B, N, hidden] from features [B, T, P, mm_hidden] and branch probabilities [B, 3] (video, body, face).</summary>
    public override Tensor forward(Tensor features, Tensor probs) => forward(features, probs, null);

    /// <inheritdoc cref="forward(Tensor, Tensor)"/>
    /// <param name="trace">Keeps the first video's branch outputs (<c>projector.video</c>, <c>.body</c>, <c>.face</c>,
    /// <c>.face_mlp</c>) for parity dumps.</param>
    public Tensor forward(Tensor features, Tensor probs, ForwardTrace? trace)
    {
        long b = CheckFeatures(features).batch;
        if (probs.dim() != 2 || probs.shape[0] != b || probs.shape[1] != 3)
            throw new R1OmniException($"gate probabilities: expected shape [{b}, 3] (video, body, face per video), got {Shape(probs)}");
        using var scope = NewDisposeScope();
        var video = Video(features);
        var body = Body(features);
        var face = Face(features, trace);
        trace?.Keep("projector.video", video[0]);
        trace?.Keep("projector.body", body[0]);
        trace?.Keep("projector.face", face[0]);
        var p = probs.to(video.dtype).unsqueeze(-1).unsqueeze(-1);   // [B, 3, 1, 1]; select(1, i) is [B, 1, 1]
        var fused = (video * p.select(1, 0)).add(body * p.select(1, 1), Scalars.One).add(face * p.select(1, 2), Scalars.One);
        return fused.MoveToOuterDisposeScope();
    }

    /// <summary>Video-branch tokens [B, N, hidden].</summary>
    public Tensor Video(Tensor features) => Stc(features, s1_video, sampler_video, s2_video, readout_video);

    /// <summary>Body-branch tokens [B, N, hidden].</summary>
    public Tensor Body(Tensor features) => Stc(features, s1_body, sampler_body, s2_body, readout_body);

    /// <summary>Face-branch tokens [B, N, hidden]: the MLP per patch, then each frame's grid bilinearly resized to half.</summary>
    public Tensor Face(Tensor features) => Face(features, null);

    Tensor Face(Tensor features, ForwardTrace? trace)
    {
        var (b, t, grid) = CheckFeatures(features);
        using var scope = NewDisposeScope();
        var h = mlp_2xgelu_face.forward(features);                                        // [B, T, P, D]
        trace?.Keep("projector.face_mlp", h[0]);
        h = h.reshape(b * t, grid, grid, HiddenSize).permute(0, 3, 1, 2);
        // get_2dPool: bilinear to ceil(grid / 2), not average pooling (equal only up to rounding).
        long half = (grid + 1) / 2;
        h = nn.functional.interpolate(h, [half, half], mode: InterpolationMode.Bilinear, align_corners: false);
        return h.permute(0, 2, 3, 1).reshape(b, t * half * half, HiddenSize).MoveToOuterDisposeScope();
    }

    Tensor Stc(Tensor features, RegStage s1, Sequential sampler, RegStage s2, GeluMlp readout)
    {
        var (b, t, grid) = CheckFeatures(features);
        using var scope = NewDisposeScope();
        var x = features.reshape(b * t, grid, grid, MmHiddenSize).permute(0, 3, 1, 2);   // (b t) d h w
        x = s1.forward(x);
        x = x.reshape(b, t, HiddenSize, grid, grid).permute(0, 2, 1, 3, 4);              // b d t h w
        // Temporal padding 1 on both sides gives T+1 slices; the last (frame T−1 with zeros) is dropped.
        x = sampler.forward(x).narrow(2, 0, t);
        long half = x.shape[3];
        x = x.permute(0, 2, 1, 3, 4).reshape(b * t, HiddenSize, half, half);
        x = s2.forward(x);
        x = x.reshape(b, t, HiddenSize, half, half).permute(0, 1, 3, 4, 2).reshape(b, t * half * half, HiddenSize);
        return readout.forward(x).MoveToOuterDisposeScope();
    }

    (long batch, long frames, long grid) CheckFeatures(Tensor features)
    {
        string expected = $"expected vision features [batch, frames, patches, {MmHiddenSize}] (mm_hidden_size) " +
                          "with patches an even square grid such as 196 = 14×14";
        if (features.dim() != 4 || features.shape[3] != MmHiddenSize || features.shape[0] < 1 || features.shape[1] < 1)
            throw new R1OmniException($"projector input: {expected}, got {Shape(features)}");
        long patches = features.shape[2], grid = (long)Math.Round(Math.Sqrt(patches));
        if (grid * grid != patches || grid % 2 != 0 || grid == 0)
            throw new R1OmniException($"projector input: {expected}, got {patches} patches per frame");
        return (features.shape[0], features.shape[1], grid);
    }

    static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";
}
