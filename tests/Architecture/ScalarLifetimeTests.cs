using System.Collections.Concurrent;
using System.Reflection;
using TorchSharp;

namespace R1Omni.Tests.Architecture;

/// <summary>
/// Keeps temporary Scalars out of the library (see <c>R1Omni.Runtime.Scalars</c> and ScalarLifetimeStressTests):
/// TorchSharp passes a Scalar's handle to native code without keeping the managed object alive, so a Scalar that
/// nothing else references can be finalized — and freed — while libtorch reads it. The library may hand libtorch
/// only Scalars that something holds for the call: the process-lifetime constants of <c>Scalars</c>, or a Scalar
/// held in a local and disposed after the call. This test reads the compiled library and fails on
/// <list type="bullet">
/// <item>an implicit conversion of a number to a Scalar (<c>t.mul(0.5)</c>, <c>t * 2</c> with a Scalar overload),</item>
/// <item>a <c>ToScalar()</c> in a method that never disposes one (so its result can only be a temporary),</item>
/// <item>a call to a TorchSharp method that makes such a temporary itself (its number overloads of operators,
/// <c>add(Tensor, alpha)</c>, <c>arange(double…)</c>, <c>ToSingle()</c>, its optimisers' <c>step</c>, …) — found by
/// reading TorchSharp's own compiled code, so a new TorchSharp version is checked as it is.</item>
/// </list>
/// </summary>
public class ScalarLifetimeTests
{
    static readonly Assembly Library = typeof(R1Omni.Runtime.TorchRuntime).Assembly;
    static readonly Assembly TorchSharpAssembly = typeof(torch).Assembly;

    [Fact]
    public void LibraryPassesNoTemporaryScalarToNativeCode()
    {
        var violations = Violations(Library).ToList();
        Assert.True(violations.Count == 0,
            $"{violations.Count} place(s) in the library hand libtorch a Scalar that nothing keeps alive:\n  " +
            string.Join("\n  ", violations.Distinct().OrderBy(v => v)));
    }

    /// <summary>The checker itself: it must see each kind of temporary in code written for that purpose.</summary>
    [Fact]
    public void CheckerFindsEachKindOfTemporary()
    {
        var found = Violations(typeof(KnownBad).Assembly)
            .Where(v => v.Contains(nameof(KnownBad), StringComparison.Ordinal)).ToList();
        Assert.Contains(found, v => v.Contains(nameof(KnownBad.ImplicitConversion)) && v.Contains("op_Implicit"));
        Assert.Contains(found, v => v.Contains(nameof(KnownBad.UndisposedToScalar)) && v.Contains("ToScalar"));
        Assert.Contains(found, v => v.Contains(nameof(KnownBad.OperatorWithNumber)) && v.Contains("op_Multiply"));
        Assert.Contains(found, v => v.Contains(nameof(KnownBad.TensorToSingle)) && v.Contains("ToSingle"));
        Assert.Contains(found, v => v.Contains(nameof(KnownBad.TorchSharpOptimizer)) && v.Contains("AdamW"));
        Assert.DoesNotContain(found, v => v.Contains(nameof(KnownBad.HeldAndDisposed)));
        Assert.DoesNotContain(found, v => v.Contains(nameof(KnownBad.ProcessLifetimeConstant)));
    }

    static IEnumerable<string> Violations(Assembly assembly)
    {
        foreach (var method in IlCalls.MethodsOf(assembly))
        {
            var calls = IlCalls.CalledBy(method).ToList();
            bool disposesAScalar = calls.Any(IsDispose);
            // Static initialisers and the Scalars class make the process-lifetime Scalars.
            bool owner = method is ConstructorInfo { IsStatic: true } || IsScalarsClass(method.DeclaringType);
            foreach (var callee in calls)
            {
                string where = $"{method.DeclaringType?.FullName}.{method.Name}";
                if (IsImplicitScalar(callee) && !owner)
                    yield return $"{where}: implicit {IlCalls.Describe(callee)}";
                else if (IsToScalar(callee) && !owner && !disposesAScalar)
                    yield return $"{where}: {IlCalls.Describe(callee)} that is never disposed";
                else if (callee.DeclaringType?.Assembly == TorchSharpAssembly && MakesTemporaryScalar(callee))
                    yield return $"{where}: {IlCalls.Describe(callee)} makes a temporary Scalar inside TorchSharp";
                else if (CreatedTorchSharpType(callee) is Type made && OverrideMakingTemporaries(made) is MethodBase inner)
                    yield return $"{where}: makes a TorchSharp {made.Name} whose {IlCalls.Describe(inner)} makes a temporary Scalar";
            }
        }
    }

    static bool IsScalarsClass(Type? t) =>
        t is not null && (t.FullName == "R1Omni.Runtime.Scalars" || IsScalarsClass(t.DeclaringType));

    /// <summary>The TorchSharp object a call makes (a constructor, or a factory such as <c>optim.AdamW</c>): its
    /// virtual methods (an optimiser's step, a module's forward) are called later through a base type.</summary>
    static Type? CreatedTorchSharpType(MethodBase callee)
    {
        if (callee.DeclaringType?.Assembly != TorchSharpAssembly) return null;
        var made = callee is ConstructorInfo ? callee.DeclaringType : (callee as MethodInfo)?.ReturnType;
        return made is { IsClass: true } && made.Assembly == TorchSharpAssembly && made != typeof(torch.Tensor) && made != typeof(Scalar)
            ? made : null;
    }

    static MethodBase? OverrideMakingTemporaries(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .FirstOrDefault(m => m.IsVirtual && m.GetBaseDefinition() != m && MakesTemporaryScalar(m));

    static bool IsImplicitScalar(MethodBase m) => m.Name == "op_Implicit" && m is MethodInfo { ReturnType: var r } && r == typeof(Scalar);

    static bool IsToScalar(MethodBase m) => m.Name == "ToScalar" && m is MethodInfo { ReturnType: var r } && r == typeof(Scalar);

    static bool IsDispose(MethodBase m) => m.Name == "Dispose" &&
        (m.DeclaringType == typeof(IDisposable) || m.DeclaringType == typeof(Scalar));

    static readonly ConcurrentDictionary<MethodBase, bool> TorchSharpVerdicts = new();

    /// <summary>
    /// Whether a TorchSharp method makes a Scalar it does not keep: its code (or the TorchSharp code it calls, a few
    /// levels deep) converts a number or a tensor to a Scalar. Scalar's own members are where Scalars are made, not users.
    /// </summary>
    static bool MakesTemporaryScalar(MethodBase method, int depth = 0)
    {
        if (method.DeclaringType == typeof(Scalar) || method.DeclaringType == typeof(ScalarExtensionMethods)) return false;
        if (TorchSharpVerdicts.TryGetValue(method, out bool known)) return known;
        bool verdict = false;
        if (depth < 4)
            foreach (var callee in IlCalls.CalledBy(method))
            {
                if (IsImplicitScalar(callee) || IsToScalar(callee)) { verdict = true; break; }
                if (callee.DeclaringType?.Assembly == TorchSharpAssembly && callee != method && MakesTemporaryScalar(callee, depth + 1))
                { verdict = true; break; }
            }
        if (depth == 0) TorchSharpVerdicts[method] = verdict;
        return verdict;
    }
}

/// <summary>Code the checker must reject (or accept), compiled into the test assembly only.</summary>
static class KnownBad
{
    static readonly Scalar Half = 0.5.ToScalar();

    public static torch.Tensor ImplicitConversion(torch.Tensor t) => t.mul(0.5);
    public static torch.Tensor UndisposedToScalar(torch.Tensor t) => t.mul(0.5.ToScalar());
    public static torch.Tensor OperatorWithNumber(torch.Tensor t) => t * 0.5;
    public static float TensorToSingle(torch.Tensor t) => t.ToSingle();
    public static torch.optim.Optimizer TorchSharpOptimizer(TorchSharp.Modules.Parameter p) => torch.optim.AdamW([p]);

    public static torch.Tensor HeldAndDisposed(torch.Tensor t, double v)
    {
        using var s = v.ToScalar();
        return t.mul(s);
    }

    public static torch.Tensor ProcessLifetimeConstant(torch.Tensor t) => t.mul(Half);
}
