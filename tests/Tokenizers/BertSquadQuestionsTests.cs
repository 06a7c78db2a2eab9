using R1Omni.Tokenizers;

namespace R1Omni.Tests.Tokenizers;

/// <summary>All 10,570 SQuAD v1.1 dev questions against the Python BERT tokenizer's outputs.</summary>
public class BertSquadQuestionsTests
{
    record Question(string Original, string[] Basic, string[] Wordpiece);

    [Fact]
    public void EveryQuestionMatchesBasicTokensWordPiecesAndIds()
    {
        var questions = BertFixtures.Json<Question[]>("question_tokens.json.gz");
        var ids = BertFixtures.Json<int[][]>("tokenized_questions.json.gz");
        Assert.Equal(10570, questions.Length);
        Assert.Equal(questions.Length, ids.Length);

        BertTokenizer tok = BertFixtures.Tokenizer;
        var bad = new List<string>();
        for (int i = 0; i < questions.Length; i++)
        {
            var q = questions[i];
            string[] basic = tok.BasicTokenize(q.Original);
            string[] pieces = tok.Tokenize(q.Original);
            int[] encoded = tok.Encode(q.Original, addSpecialTokens: false);
            if (!basic.SequenceEqual(q.Basic))
                bad.Add($"#{i} basic {q.Original}: {BertFixtures.Show(basic)} != {BertFixtures.Show(q.Basic)}");
            else if (!pieces.SequenceEqual(q.Wordpiece))
                bad.Add($"#{i} wordpiece {q.Original}: {BertFixtures.Show(pieces)} != {BertFixtures.Show(q.Wordpiece)}");
            else if (!encoded.SequenceEqual(ids[i]))
                bad.Add($"#{i} ids {q.Original}: {BertFixtures.Show(encoded)} != {BertFixtures.Show(ids[i])}");
        }
        BertFixtures.AssertNone(bad, questions.Length);
    }
}
