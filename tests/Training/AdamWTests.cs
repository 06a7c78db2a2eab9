using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Tests.Training;

public class AdamWTests
{
    /// <summary>The library's AdamW replaced TorchSharp's (whose step hands libtorch temporary Scalars); it must
    /// update bit for bit as TorchSharp's did, so earlier runs and checkpoints stay reproducible.</summary>
    [Fact]
    public void UpdatesBitForBitAsTorchSharpsAdamW()
    {
        using var gen = new Generator(5);
        var initial = new[] { randn([3, 7], generator: gen), randn([11], generator: gen) };
        var ours = initial.Select(t => new Parameter(t.clone())).ToArray();
        var theirs = initial.Select(t => new Parameter(t.clone())).ToArray();
        using var adamw = new R1Omni.Training.AdamW(ours, 0.9, 0.999, 1e-8, 0.01);
        using var reference = optim.AdamW(theirs, 3e-4, 0.9, 0.999, 1e-8, 0.01);
        for (int step = 0; step < 6; step++)
        {
            double lr = 3e-4 * (1 - step / 6.0);
            for (int i = 0; i < ours.Length; i++)
            {
                // The second parameter has no gradient at step 2: it is skipped and its step count stays.
                if (i == 1 && step == 2) { ours[i].grad = null; theirs[i].grad = null; continue; }
                var g = randn(initial[i].shape, generator: gen);
                ours[i].grad = g.clone();
                theirs[i].grad = g.clone();
            }
            adamw.Step(lr);
            foreach (var group in reference.ParamGroups) group.LearningRate = lr;
            reference.step();
        }
        for (int i = 0; i < ours.Length; i++)
            Assert.True(ours[i].equal(theirs[i]).all().item<bool>(), $"parameter {i} differs from TorchSharp's AdamW");
        Assert.Equal([6L, 5L], adamw.States.Select(s => s.Step));
    }
}
