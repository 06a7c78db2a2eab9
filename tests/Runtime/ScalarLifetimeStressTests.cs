using R1Omni.Models.Common;
using R1Omni.Tests.Models;
using static TorchSharp.torch;

namespace R1Omni.Tests.Runtime;

/// <summary>
/// TorchSharp frees a native Scalar in its finalizer, and its wrappers pass <c>scalar.Handle</c> to native code without
/// keeping the managed Scalar alive. An implicitly converted number is unreachable as soon as its handle is read, so
/// a garbage collection on another thread during the native call can free it while libtorch still reads it (seen as
/// "Exception raised from toFloat at c10/core/Scalar.h", or as a fill with a wrong value). This test runs the fp32 hot
/// paths — the decoder's attention and masks, RoPE, norms, the LM head — in a loop while another thread collects
/// garbage and runs finalizers without pause, and checks every result bit for bit against a run made before.
/// </summary>
[Collection(nameof(ProcessWideSettings))]
public class ScalarLifetimeStressTests
{
    [Fact]
    public void DecoderForwardSurvivesCollectionsDuringNativeCalls()
    {
        using var model = TinyQwen2.Model(seed: 3);
        using var _ = no_grad();
        // A padded batch of 1 × 1024 tokens: the causal and padding masks, the fp32 masked attention and RoPE at
        // positions from HF's padded-batch rule all run, as in batched evaluation.
        using var ids = randint(3, 97, [1, 1024], dtype: ScalarType.Int64, generator: new TorchSharp.torch.Generator(7));
        using var padding = ones([1, 1024], dtype: ScalarType.Int64);
        padding[0, ..100] = tensor(0L);
        using var positions = AttentionMasks.PositionIds(padding);
        Tensor Run()
        {
            using var scope = NewDisposeScope();
            return model.Forward(model.Embed(ids), padding, positions).MoveToOuterDisposeScope();
        }
        using var expected = Run();

        UnderConstantCollection(() =>
        {
            using var logits = Run();
            return logits.equal(expected).all().item<bool>();
        });
    }

    /// <summary>Runs <paramref name="iteration"/> (true when its result equals the run made before) 90 times while
    /// another thread collects garbage and runs finalizers without pause.</summary>
    static void UnderConstantCollection(Func<bool> iteration)
    {
        var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // The temporaries are young: generation-0 collections find them, and stay cheap however large the
                // test process's heap has grown.
                GC.Collect(0);
                GC.WaitForPendingFinalizers();
                Thread.Sleep(1);   // a collection every millisecond or so, without starving the forward
            }
        }) { IsBackground = true };
        collector.Start();
        int iterations = 0;
        int threads = get_num_threads();
        set_num_threads(1); // leaves a core to the collector and the finalizer thread
        try
        {
            // TorchSharp's wrappers keep their arguments alive while they run as first-tier code; the race opens once
            // they are recompiled optimised, after about 30 calls each, so the loop runs well past that.
            for (; iterations < 60; iterations++)
                Assert.True(iteration(), $"iteration {iterations}: the result differs from the run before");
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"iteration {iterations}: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
        }
        finally
        {
            set_num_threads(threads);
            stop.Cancel();
            collector.Join();
        }
    }
}
