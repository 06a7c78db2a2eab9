namespace R1Omni.Tests.SynthEmo;

/// <summary>The simplest classifier: standardise features with the training set's mean and spread, predict the class
/// whose training centroid is nearest.</summary>
sealed class NearestCentroid
{
    readonly double[] _mean, _scale;
    readonly Dictionary<string, double[]> _centroids;

    public NearestCentroid(IReadOnlyList<double[]> x, IReadOnlyList<string> y)
    {
        int d = x[0].Length;
        _mean = Enumerable.Range(0, d).Select(j => x.Average(v => v[j])).ToArray();
        _scale = Enumerable.Range(0, d).Select(j => Math.Sqrt(x.Average(v => (v[j] - _mean[j]) * (v[j] - _mean[j]))) + 1e-9).ToArray();
        _centroids = y.Distinct().ToDictionary(c => c, c =>
        {
            var members = x.Where((_, i) => y[i] == c).Select(Standardise).ToList();
            return Enumerable.Range(0, d).Select(j => members.Average(v => v[j])).ToArray();
        });
    }

    public string Predict(double[] x)
    {
        var z = Standardise(x);
        return _centroids.MinBy(c => c.Value.Select((m, j) => (m - z[j]) * (m - z[j])).Sum()).Key;
    }

    public double Accuracy(IReadOnlyList<double[]> x, IReadOnlyList<string> y) => x.Where((v, i) => Predict(v) == y[i]).Count() / (double)x.Count;

    double[] Standardise(double[] x) => x.Select((v, j) => (v - _mean[j]) / _scale[j]).ToArray();
}
