using R1Omni.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Tests.Training;

public class TrainingOptimizerTests
{
    static readonly TrainingConfig Config = new() { LearningRate = 0.1, MaxGradNorm = 1.0 };
    static readonly LrSchedule Constant = new(LrSchedulerType.Constant, 0.1, 10, 0);

    static KeyValuePair<string, Parameter>[] Params(ScalarType dtype = ScalarType.Float32, params float[][] values) =>
        values.Select((v, i) => new KeyValuePair<string, Parameter>($"p{i}", new Parameter(tensor(v).to(dtype)))).ToArray();

    static void SetGrads(KeyValuePair<string, Parameter>[] ps, params float[][] grads)
    {
        for (int i = 0; i < ps.Length; i++) ps[i].Value.grad = tensor(grads[i]).to(ps[i].Value.dtype);
    }

    [Fact]
    public void TheFirstAdamWStepMovesEachWeightByTheRateTimesTheGradientSign()
    {
        var ps = Params(values: [[1f, 2f], [3f]]);
        using var opt = new TrainingOptimizer(ps, Config, Constant);
        SetGrads(ps, [0.3f, -0.4f], [0f]);
        var update = opt.Step(0);
        // m̂ = g and v̂ = g² after bias correction, so the step is lr·g/(|g| + ε).
        Assert.True(update.Applied);
        Assert.Equal(0.5, update.GradNorm, 6);
        Assert.Equal(0.1, update.LearningRate);
        Assert.Equal([0.9f, 2.1f], ps[0].Value.data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(3f, ps[1].Value.data<float>()[0]);
    }

    [Fact]
    public void AParameterWithoutAGradientIsLeftAlone()
    {
        var ps = Params(values: [[1f], [2f]]);
        using var opt = new TrainingOptimizer(ps, Config, Constant);
        SetGrads(ps, [0.5f], [0.5f]);
        opt.Step(0);
        opt.ZeroGrad();
        Assert.Null(ps[1].Value.grad);
        float second = ps[1].Value.item<float>();
        ps[0].Value.grad = tensor(new[] { 0.5f });
        opt.Step(1);
        // With a zero gradient instead of none, AdamW's first moment would still move the weight.
        Assert.Equal(second, ps[1].Value.item<float>());
        Assert.NotEqual(0.9f, ps[0].Value.item<float>());
    }

    [Fact]
    public void GradientsAreClippedToTheGlobalNormWithTorchsRule()
    {
        var ps = Params(values: [[0f, 0f], [0f]]);
        using var opt = new TrainingOptimizer(ps, Config with { MaxGradNorm = 1.0 }, Constant);
        SetGrads(ps, [3f, 0f], [4f]);
        var update = opt.Step(0);
        Assert.Equal(5.0, update.GradNorm, 6);                    // reported before clipping
        float clipped = MathF.Sqrt(ps[0].Value.grad!.square().sum().item<float>() + ps[1].Value.grad!.square().sum().item<float>());
        Assert.Equal(5.0 / (5.0 + 1e-6), clipped, 5);             // coefficient max_norm / (norm + 1e-6)
    }

    [Fact]
    public void ANonFiniteGradientLeavesEverythingUnchanged()
    {
        var ps = Params(values: [[1f, 2f]]);
        using var opt = new TrainingOptimizer(ps, Config, Constant);
        SetGrads(ps, [float.NaN, 1f]);
        var update = opt.Step(0);
        Assert.False(update.Applied);
        Assert.True(double.IsNaN(update.GradNorm));
        Assert.Equal([1f, 2f], ps[0].Value.data<float>().ToArray());
    }

    [Fact]
    public void SavedStateRestoresTheSameTrajectory()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), TrainingOptimizer.StateFileName);
        var a = Params(values: [[1f, -2f, 0.5f]]);
        using var optA = new TrainingOptimizer(a, Config, Constant);
        SetGrads(a, [0.3f, -0.1f, 0.2f]);
        optA.Step(0);
        optA.Save(path);

        var b = Params(values: [a[0].Value.data<float>().ToArray()]);
        using var optB = new TrainingOptimizer(b, Config, Constant);
        optB.Load(path);
        SetGrads(a, [-0.5f, 0.2f, 0.1f]);
        SetGrads(b, [-0.5f, 0.2f, 0.1f]);
        optA.Step(1);
        optB.Step(1);
        // A fresh optimiser would take a full-size first step instead; the restored one continues the moments exactly.
        Assert.Equal(a[0].Value.data<float>().ToArray(), b[0].Value.data<float>().ToArray());
    }

    [Fact]
    public void StateForOtherParametersIsRejected()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), TrainingOptimizer.StateFileName);
        using (var opt = new TrainingOptimizer(Params(values: [[1f]]), Config, Constant)) opt.Save(path);
        using var other = new TrainingOptimizer(Params(values: [[1f], [2f]]), Config, Constant);
        var e = Assert.Throws<R1OmniException>(() => other.Load(path));
        Assert.Contains("p1.exp_avg", e.Message);
    }

    [Fact]
    public void Bf16ParametersTrainThroughFp32Masters()
    {
        // 1 + 1e-3 is not representable in bf16 (spacing 2^-7 near 1): updates accumulate in the fp32 master.
        var ps = Params(ScalarType.BFloat16, [1f]);
        using var opt = new TrainingOptimizer(ps, Config with { LearningRate = 1e-3 }, Constant with { BaseLearningRate = 1e-3 });
        for (int step = 0; step < 10; step++)
        {
            SetGrads(ps, [-1f]);
            Assert.True(opt.Step(step).Applied);
        }
        float master = opt.MasterWeights.Single().Value.item<float>();
        Assert.Equal(1.01f, master, 4);
        Assert.Equal(ScalarType.BFloat16, ps[0].Value.dtype);
        Assert.Equal(tensor(master).to(ScalarType.BFloat16).to(ScalarType.Float32).item<float>(), ps[0].Value.to(ScalarType.Float32).item<float>());
    }
}
