using System.Reflection;
using System.Reflection.Emit;

namespace R1Omni.Tests.Architecture;

/// <summary>
/// Reads compiled method bodies, so that tests can check what the library's code really uses — including what the
/// compiler inserts, such as implicit conversions: the methods a body calls and every type it refers to.
/// </summary>
public static class IlCalls
{
    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
                                  BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every method, constructor and accessor with a body declared by the assembly's types (nested included).</summary>
    public static IEnumerable<MethodBase> MethodsOf(Assembly assembly) =>
        assembly.GetTypes().SelectMany(MethodsOf).Where(m => m.GetMethodBody() is not null);

    public static IEnumerable<MethodBase> MethodsOf(Type t) =>
        t.GetMethods(Declared).Cast<MethodBase>().Concat(t.GetConstructors(Declared));

    /// <summary>The methods a body calls (or takes the address of), in order; unresolvable tokens are skipped.</summary>
    public static IEnumerable<MethodBase> CalledBy(MethodBase method) => Operands(method).OfType<MethodBase>();

    /// <summary>Every member and type a body's instructions name (methods, fields, types).</summary>
    public static IEnumerable<MemberInfo> Operands(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int pos = 0;
        while (pos < il.Length)
        {
            short value = il[pos] == 0xFE ? (short)(0xFE00 | il[pos + 1]) : il[pos];
            pos += il[pos] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            if (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                int token = BitConverter.ToInt32(il, pos);
                MemberInfo? member = null;
                try
                {
                    member = op.OperandType switch
                    {
                        OperandType.InlineMethod => method.Module.ResolveMethod(token, typeArgs, methodArgs),
                        OperandType.InlineField => method.Module.ResolveField(token, typeArgs, methodArgs),
                        OperandType.InlineType => method.Module.ResolveType(token, typeArgs, methodArgs),
                        _ => method.Module.ResolveMember(token, typeArgs, methodArgs),
                    };
                }
                catch (ArgumentException) { }
                catch (TypeLoadException) { }
                catch (FileNotFoundException) { }
                if (member is not null) yield return member;
            }
            pos += OperandSize(op, il, pos);
        }
    }

    static int OperandSize(OpCode op, byte[] il, int pos) => op.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, pos),
        _ => 4,
    };

    /// <summary>"Type.Method(ParamTypes)" for messages.</summary>
    public static string Describe(MethodBase m) =>
        $"{m.DeclaringType?.FullName}.{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})";
}
