using R1Omni.Data;
using R1Omni.Models.HumanOmni;
using R1Omni.Media;
using R1Omni.Tests.Inference;
using R1Omni.Training;
using R1Omni.Training.Grpo;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Omni.Tests.Training.Grpo;

/// <summary>One GRPO step on the tiny checkpoint and two SynthEmo clips, the fast way and the reference's way.</summary>
public class GrpoStepRunnerTests
{
    sealed record StepResult(List<long[,]> Ids, double[] Rewards, double[] Advantages, double Loss, double Kl, double Entropy, Dictionary<string, float[]> Grads);

    static StepResult Step(HumanOmniBundle policy, FrozenReference reference, RolloutMode mode, GrpoOptions options, string[] gradsOf)
    {
        var manifest = ConversationJson.Read(GrpoTestData.TrainJson(2), GrpoTestData.Folder, rlvr: true);
        var rewards = RewardFunctions.Create(["accuracy", "format", "test_brevity"], "test");
        using var runner = new GrpoStepRunner(policy, reference.Model, rewards, options, mode);
        using var batch = runner.Rollout(manifest.Items, seed: 7, i => policy.ClipLoader.Load(i.Video, ImageFraming.PadToSquare));
        foreach (var p in policy.Model.parameters()) p.grad?.zero_();
        var stats = runner.Backward(batch);
        var parameters = policy.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        return new StepResult(batch.Groups.Select(g => g.Completions.Ids).ToList(), batch.Groups.SelectMany(g => g.Rewards).ToArray(),
                              batch.Groups.SelectMany(g => g.Advantages).ToArray(), stats.Loss, stats.Kl, stats.Entropy,
                              gradsOf.ToDictionary(n => n, n => parameters[n].grad!.flatten().data<float>().ToArray()));
    }

    [Fact]
    public void SharedAndNaiveStepsGiveTheSameCompletionsLossAndGradients()
    {
        using var policy = HumanOmniBundle.Load(TinyCheckpoint.Path, ScalarType.Float32, CPU);
        using var reference = FrozenReference.Load(TinyCheckpoint.Path, policy.Model);
        TrainableParts.Apply(policy.Model, TrainableParts.GrpoDefault);
        // Move the policy off the reference so that the KL term and its gradient are not zero.
        using (no_grad()) policy.Model.LanguageModel.Model.EmbedTokens.weight!.mul_(1.05);
        var options = new GrpoOptions { NumGenerations = 3, MaxCompletionLength = 5 };
        string[] gradsOf = policy.Model.named_parameters().Select(p => p.name)
            .Where(n => n is "llm.model.layers.0.self_attn.q_proj.weight" or "mm_projector.readout_video.0.weight" or "audio_projector.0.weight"
                        or "bert_gate.2.weight" || (n.StartsWith("bert_model.", StringComparison.Ordinal) && n.EndsWith("query.weight", StringComparison.Ordinal))).ToArray();
        Assert.Equal(5, gradsOf.Length);
        var shared = Step(policy, reference, RolloutMode.Shared, options, gradsOf);
        // The naive step also runs one completion per log-prob pass: chunking must not change the gradient.
        var naive = Step(policy, reference, RolloutMode.Naive, options with { RowsPerLogProbPass = 1 }, gradsOf);

        for (int g = 0; g < 2; g++) Assert.Equal(naive.Ids[g], shared.Ids[g]);
        Assert.Equal(naive.Rewards, shared.Rewards);
        Assert.Contains(shared.Advantages, a => a != 0);
        Assert.Equal(naive.Loss, shared.Loss, 1e-5);
        Assert.True(shared.Kl > 0);
        Assert.Equal(naive.Kl, shared.Kl, 1e-6);
        Assert.Equal(naive.Entropy, shared.Entropy, 1e-4);
        foreach (string name in gradsOf)
        {
            var a = shared.Grads[name];
            var b = naive.Grads[name];
            double dot = a.Zip(b, (x, y) => (double)x * y).Sum(), na = Math.Sqrt(a.Sum(x => (double)x * x)), nb = Math.Sqrt(b.Sum(x => (double)x * x));
            Assert.True(na > 0, $"{name}: no gradient");
            Assert.True(dot / (na * nb) > 0.9999 && Math.Abs(na / nb - 1) < 1e-3, $"{name}: |shared| {na}, |naive| {nb}, cos {dot / (na * nb)}");
        }
    }

    [Fact]
    public void PromptsSharingPassesAndKeptMediaChangeNeitherCompletionsNorLossNorGradients()
    {
        using var policy = HumanOmniBundle.Load(TinyCheckpoint.Path, ScalarType.Float32, CPU);
        using var reference = FrozenReference.Load(TinyCheckpoint.Path, policy.Model);
        TrainableParts.Apply(policy.Model, TrainableParts.GrpoDefault);
        using (no_grad()) policy.Model.LanguageModel.Model.EmbedTokens.weight!.mul_(1.05);
        var options = new GrpoOptions { NumGenerations = 3, MaxCompletionLength = 5 };
        string[] gradsOf = ["llm.model.layers.0.self_attn.q_proj.weight", "mm_projector.readout_video.0.weight", "audio_projector.0.weight", "bert_gate.2.weight"];
        var apart = Step(policy, reference, RolloutMode.Shared, options, gradsOf);
        var together = Step(policy, reference, RolloutMode.Shared, options with { PromptsPerPass = 2, CacheMedia = true }, gradsOf);

        for (int g = 0; g < 2; g++) Assert.Equal(apart.Ids[g], together.Ids[g]);
        Assert.Equal(apart.Rewards, together.Rewards);
        Assert.Equal(apart.Loss, together.Loss, 1e-6);
        Assert.Equal(apart.Kl, together.Kl, 1e-6);
        Assert.Equal(apart.Entropy, together.Entropy, 1e-5);
        foreach (string name in gradsOf)
        {
            var a = apart.Grads[name];
            var b = together.Grads[name];
            Assert.True(a.Any(v => v != 0), $"{name}: no gradient");
            for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-5 + 1e-4 * Math.Abs(a[i]), $"{name}[{i}]: {a[i]} apart, {b[i]} together");
        }
    }

    [Fact]
    public void SeveralUpdatesKeepTheRolloutPolicysLogProbsAndDroppedGroupsSkipTheLoss()
    {
        using var policy = HumanOmniBundle.Load(TinyCheckpoint.Path, ScalarType.Float32, CPU);
        using var reference = FrozenReference.Load(TinyCheckpoint.Path, policy.Model);
        TrainableParts.Apply(policy.Model, TrainableParts.GrpoDefault);
        var manifest = ConversationJson.Read(GrpoTestData.TrainJson(2), GrpoTestData.Folder, rlvr: true);
        // The random model earns neither reward: every group has zero spread and is dropped.
        var options = new GrpoOptions { NumGenerations = 2, MaxCompletionLength = 4, UpdatesPerBatch = 2, DropZeroVarianceGroups = true };
        using var runner = new GrpoStepRunner(policy, reference.Model,
                                        RewardFunctions.Create(["accuracy", "format"], "test"), options);
        using var batch = runner.Rollout(manifest.Items, seed: 3, i => policy.ClipLoader.Load(i.Video, ImageFraming.PadToSquare));
        Assert.All(batch.Groups, g => Assert.True(g.ZeroStd && g.Dropped && g.RefLogProbs is null && g.OldLogProbs is null));
        Assert.Empty(batch.Kept);
        Assert.Equal(0, runner.Backward(batch).Tokens);

        using var kept = new GrpoStepRunner(policy, reference.Model,
                                      RewardFunctions.Create(["accuracy", "format"], "test"), options with { DropZeroVarianceGroups = false });
        using var batch2 = kept.Rollout(manifest.Items, seed: 3, i => policy.ClipLoader.Load(i.Video, ImageFraming.PadToSquare));
        Assert.All(batch2.Groups, g => Assert.Equal(g.RefLogProbs!.data<float>().ToArray(), g.OldLogProbs!.data<float>().ToArray()));
        var stats = kept.Backward(batch2);
        // Nothing moved yet: the ratio to the rollout policy is 1 everywhere, so nothing is clipped.
        Assert.Equal(0, stats.ClipRatio);
        Assert.True(stats.Tokens > 0);
    }
}
