using R1Omni.Config;
using R1Omni.Media;
using R1Omni.Prompts;
using R1Omni.Runtime;
using R1Omni.Tokenizers;
using static TorchSharp.torch;

namespace R1Omni.Models.HumanOmni;

/// <summary>
/// A HumanOmni checkpoint as everything downstream uses it — HumanOmni's <c>model_init</c> (<c>humanomni/__init__.py</c>):
/// the model, the Qwen2 tokenizer, the gate's BERT tokenizer, the checkpoint's chat template, the media loader with the
/// towers' own preprocessing configs, and <c>generation_config.json</c>. Inference and the trainers work over it.
/// </summary>
public sealed class HumanOmniBundle(HumanOmniQwen2ForCausalLM model, Qwen2Tokenizer tokenizer, BertTokenizer bertTokenizer, ChatTemplate template,
                                    VideoClipLoader clipLoader, GenerationConfig? generation) : IDisposable
{
    public HumanOmniQwen2ForCausalLM Model { get; } = model;
    public Qwen2Tokenizer Tokenizer { get; } = tokenizer;
    public BertTokenizer BertTokenizer { get; } = bertTokenizer;
    public ChatTemplate Template { get; } = template;
    public VideoClipLoader ClipLoader { get; } = clipLoader;
    public GenerationConfig? Generation { get; } = generation;
    /// <summary>The checkpoint folder it was loaded from (null when built otherwise).</summary>
    public string? Folder { get; init; }

    /// <summary>Loads a checkpoint folder with its tokenizer, chat template, tower preprocessing configs and gate vocabulary;
    /// its media loader keeps decoded media in <paramref name="mediaCache"/> when one is given.</summary>
    public static HumanOmniBundle Load(string folder, ScalarType dtype, Device device, HumanOmniLoadOptions? options = null,
                                       ChatTemplateKind? template = null, AudioPolicy audioPolicy = AudioPolicy.SubstituteSilence,
                                       DecodedMediaCache? mediaCache = null)
    {
        options ??= new();
        var model = HumanOmniLoader.FromPretrained(folder, dtype, device, options);
        try
        {
            var tokenizer = Qwen2Tokenizer.Load(folder);
            string? bertDir = HumanOmniLoader.BertFolder(folder, options);
            var bertTokenizer = BertTokenizer.Load(bertDir is not null && File.Exists(Path.Combine(bertDir, "vocab.txt"))
                ? bertDir : Path.Combine(AppPaths.DataDir, "tokenizers", "bert-base-uncased"));
            var (visionDir, audioDir) = HumanOmniLoader.TowerFolders(folder, model.Config, options);
            var loader = new VideoClipLoader(ImageProcessorFor(model, visionDir), FeatureExtractorFor(model, audioDir), model.Config.NumFrames, audioPolicy,
                                             cache: mediaCache);
            return new HumanOmniBundle(model, tokenizer, bertTokenizer, ChatTemplate.FromCheckpoint(folder, template), loader, GenerationConfig.TryLoad(folder))
            {
                Folder = Path.GetFullPath(folder),
            };
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>A gate text as the gate reads it (BERT ids, no padding).</summary>
    public GateInput Gate(string text) => GateInput.FromText(text, BertTokenizer);

    /// <summary>A rendered prompt's ids with the placeholders' negative indices.</summary>
    public long[] PromptIds(string prompt) => MultimodalTokenizer.Ids(prompt, Tokenizer);

    // The towers' own preprocessor configs, as the reference's processors read them; the model config's sizes otherwise.
    static ImagePreprocessor ImageProcessorFor(HumanOmniQwen2ForCausalLM model, string visionDir)
    {
        string path = Path.Combine(visionDir, "preprocessor_config.json");
        int size = model.VisionTower.Config.ImageSize;
        return new ImagePreprocessor(File.Exists(path) ? SiglipImageProcessorConfig.Load(path) : new SiglipImageProcessorConfig(Height: size, Width: size));
    }

    static WhisperFeatureExtractor FeatureExtractorFor(HumanOmniQwen2ForCausalLM model, string audioDir)
    {
        string path = Path.Combine(audioDir, "preprocessor_config.json");
        return File.Exists(path) ? WhisperFeatureExtractor.FromPreprocessorConfig(path) : new(featureSize: model.AudioTower.Config.NumMelBins);
    }

    public void Dispose() => Model.Dispose();
}
