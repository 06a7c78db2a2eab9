using System.Text.Json.Nodes;
using R1Omni.Cli;
using R1Omni.Tests.Inference;
using R1Omni.Training;
using R1Omni.Training.Grpo;

namespace R1Omni.Tests.Training.Grpo;

/// <summary>
/// GRPO end to end on the tiny checkpoint and two SynthEmo clips: `r1omni grpo` writes metrics, completions and
/// checkpoints, and resumes exactly. The random model never earns the accuracy or format reward, so the user-defined
/// <see cref="BrevityReward"/> gives the groups a spread to learn from.
/// </summary>
public class GrpoTrainerTests
{
    static string WriteConfig(string dir, int maxSteps, int saveSteps, string extra = "", string rewards = "\"accuracy\", \"format\", \"test_brevity\"")
    {
        string path = Path.Combine(dir, "grpo.json");
        File.WriteAllText(path, $$"""
            {
              "output_dir": "run", "model": "{{TinyCheckpoint.Path}}", "train_data": "{{GrpoTestData.TrainJson(2)}}",
              "num_generations": 3, "max_completion_length": 6, "gradient_accumulation_steps": 2,
              "learning_rate": 1e-4, "max_steps": {{maxSteps}}, "save_steps": {{saveSteps}}, "save_total_limit": 0,
              "log_completions_steps": 1, "tensorboard": false, "rewards": [{{rewards}}] {{extra}}
            }
            """);
        return path;
    }

    static (int Rc, string Out, string Err) Grpo(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = CommandRegistry.Main(["grpo", .. args], stdout, stderr);
        return (rc, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ATinyRunWritesMetricsCompletionsAndCheckpointsAndResumesExactly()
    {
        string dir = TestPaths.NewTempDir();
        var (rc, stdout, stderr) = Grpo("--config", WriteConfig(dir, maxSteps: 2, saveSteps: 1));
        Assert.True(rc == 0, stderr);
        Assert.Contains("grpo: 2 steps", stdout);
        string run = Path.Combine(dir, "run");
        var metrics = MetricsLogger.Read(run);
        Assert.Equal([1, 2], metrics.Select(m => m.Step));
        foreach (var m in metrics)
        {
            Assert.True(double.IsFinite(m.Loss) && double.IsFinite(m.GradNorm) && !m.Skipped, stderr);
            foreach (string key in new[] { "reward", "reward_std", "rewards/accuracy/mean", "rewards/format/std", "rewards/test_brevity/mean", "frac_reward_zero_std", "kl",
                                           "entropy", "completions/mean_length", "completions/truncated_ratio", "time/generation", "time/reference", "time/logprob" })
                Assert.True(m.Extra!.ContainsKey(key), key);
            Assert.InRange(m.Extra!["completions/max_length"], 1, 6);
            Assert.True(m.Extra["entropy"] > 0);
        }
        // Step 1 starts from the reference itself: the KL is 0 there, and positive once the policy moved.
        Assert.Equal(0, metrics[0].Extra!["kl"], 6);
        Assert.True(metrics[1].Extra!["kl"] > 0);

        var lines = CompletionLog.Read(run);
        Assert.Equal(2 * 2 * 3, lines.Count);   // 2 steps × 2 prompts × G 3
        Assert.All(lines, l => Assert.Equal(l.Reward, l.Rewards.Values.Sum(), 9));
        Assert.Equal(["checkpoint-1", "checkpoint-2"], RunCheckpoints.List(run).Select(c => Path.GetFileName(c.Path)));

        // Resume from checkpoint-1 in a copy of the run: step 2 comes out the same.
        string copy = TestPaths.NewTempDir();
        CopyRun(run, Path.Combine(copy, "run"), keepCheckpoint: "checkpoint-1");
        var (rc2, _, stderr2) = Grpo("--config", WriteConfig(copy, maxSteps: 2, saveSteps: 1), "--resume");
        Assert.True(rc2 == 0, stderr2);
        Assert.Contains("resuming from checkpoint-1", stderr2);
        var resumed = MetricsLogger.Read(Path.Combine(copy, "run"));
        Assert.Equal([1, 2], resumed.Select(m => m.Step));
        Assert.Equal(metrics[1].Loss, resumed[1].Loss, 6);
        Assert.Equal(metrics[1].Extra!["reward"], resumed[1].Extra!["reward"]);
        Assert.Equal(metrics[1].Extra!["kl"], resumed[1].Extra!["kl"], 6);
        Assert.Equal(lines.Count, CompletionLog.Read(Path.Combine(copy, "run")).Count);
    }

    [Fact]
    public void ConfigErrorsNameTheKey()
    {
        string dir = TestPaths.NewTempDir();
        var (rc, _, stderr) = Grpo("--config", WriteConfig(dir, 2, 1, rewards: "\"accuracy\", \"lenght\""));
        Assert.Equal(1, rc);
        Assert.Contains("unknown reward 'lenght'", stderr);
        (rc, _, stderr) = Grpo("--config", WriteConfig(dir, 2, 1, ", \"per_device_train_batch_size\": 2"));
        Assert.Contains("'per_device_train_batch_size' must be 1", stderr);
        (rc, _, stderr) = Grpo("--config", WriteConfig(dir, 3, 2, ", \"num_iterations\": 2"));
        Assert.Contains("'max_steps' must be a multiple of num_iterations", stderr);
        (rc, _, stderr) = Grpo("--config", WriteConfig(dir, 2, 1, ", \"loss_type\": \"dapo\""));
        Assert.Contains("'loss_type'", stderr);
        Assert.Contains("\"token_mean\"", stderr);
    }

    static void CopyRun(string from, string to, string keepCheckpoint)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(from, file);
            if (rel.StartsWith("checkpoint-", StringComparison.Ordinal) && !rel.StartsWith(keepCheckpoint + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, rel))!);
            File.Copy(file, Path.Combine(to, rel));
        }
    }
}
