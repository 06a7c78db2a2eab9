using R1Omni.Training.Grpo;

namespace R1Omni.Tests.Training.Grpo;

public class CompletionLogTests
{
    [Fact]
    public void ReadsTypedLinesAndNamesABrokenOne()
    {
        string run = TestPaths.NewTempDir();
        Assert.Empty(CompletionLog.Read(run));                                  // no completions logged
        File.WriteAllLines(Path.Combine(run, CompletionLog.FileName),
        [
            """{"step":10,"id":"rl_3","label":"sad","completion":"<think>x</think><answer>sad</answer>","rewards":{"accuracy":1,"format":1},"reward":2,"advantage":0.5,"length":12,"truncated":false}""",
            "",
            """{"step":10,"id":"rl_3","label":null,"completion":"sad","rewards":{"accuracy":1,"format":0},"reward":1,"advantage":-0.5,"length":48,"truncated":true}""",
        ]);
        var lines = CompletionLog.Read(run);
        Assert.Equal(2, lines.Count);
        Assert.Equal(new LoggedCompletion(10, "rl_3", "sad", "<think>x</think><answer>sad</answer>", lines[0].Rewards, 2, 0.5, 12, false), lines[0]);
        Assert.Equal([("accuracy", 1.0), ("format", 1.0)], lines[0].Rewards.Select(r => (r.Key, r.Value)));
        Assert.Null(lines[1].Label);
        Assert.True(lines[1].Truncated);

        File.AppendAllLines(Path.Combine(run, CompletionLog.FileName), ["""{"step":11,"id":"rl_4"}"""]);
        var e = Assert.Throws<R1OmniException>(() => CompletionLog.Read(run));
        Assert.Contains($"{CompletionLog.FileName}:4: missing 'completion'", e.Message);
    }
}
