using System.Reflection;

namespace R1Omni.Tests.Architecture;

/// <summary>
/// The namespace dependencies of an assembly, read from its types: base types and interfaces, the types of fields,
/// properties, parameters, results and locals, and every type, field and method that method bodies name.
/// Namespaces are given without the assembly's root prefix ("Models.Qwen2"); the root namespace itself is "".
/// </summary>
public sealed class NamespaceGraph
{
    const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
                                  BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>For each namespace, the namespaces it uses and, for each, one example "Type → Type" to name in messages.</summary>
    public Dictionary<string, Dictionary<string, string>> Edges { get; } = new(StringComparer.Ordinal);

    public static NamespaceGraph Of(Assembly assembly, string root)
    {
        var graph = new NamespaceGraph();
        foreach (var type in assembly.GetTypes())
        {
            string? from = Component(type, assembly, root);
            if (from is null) continue;
            foreach (var used in Referenced(type))
            {
                string? to = Component(used, assembly, root);
                if (to is null || to == from) continue;
                var targets = graph.Edges.TryGetValue(from, out var t) ? t : graph.Edges[from] = new(StringComparer.Ordinal);
                targets.TryAdd(to, $"{Outer(type).FullName} → {Outer(used).FullName}");
            }
        }
        return graph;
    }

    /// <summary>Each edge as "from → to".</summary>
    public IEnumerable<(string From, string To, string Example)> All =>
        Edges.SelectMany(e => e.Value.Select(t => (e.Key, t.Key, t.Value)));

    static Type Outer(Type t) => t.DeclaringType is { } d ? Outer(d) : t;

    static string? Component(Type t, Assembly assembly, string root)
    {
        t = Outer(Element(t));
        if (t.Assembly != assembly || t.Namespace is not { } ns) return null;
        if (ns == root) return "";
        return ns.StartsWith(root + ".", StringComparison.Ordinal) ? ns[(root.Length + 1)..] : null;
    }

    static Type Element(Type t) => t.HasElementType ? Element(t.GetElementType()!) : t;

    static IEnumerable<Type> Referenced(Type type)
    {
        var found = new List<Type>();
        void Add(Type? t)
        {
            if (t is null) return;
            t = Element(t);
            found.Add(t);
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
                foreach (var a in t.GetGenericArguments()) Add(a);
        }
        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var f in type.GetFields(Declared)) Add(f.FieldType);
        foreach (var p in type.GetProperties(Declared)) Add(p.PropertyType);
        foreach (var m in IlCalls.MethodsOf(type))
        {
            foreach (var p in m.GetParameters()) Add(p.ParameterType);
            if (m is MethodInfo mi) Add(mi.ReturnType);
            MethodBody? body;
            try { body = m.GetMethodBody(); } catch (InvalidOperationException) { body = null; }
            if (body is null) continue;
            foreach (var local in body.LocalVariables) Add(local.LocalType);
            foreach (var member in IlCalls.Operands(m))
                switch (member)
                {
                    case Type t: Add(t); break;
                    case FieldInfo f: Add(f.DeclaringType); Add(f.FieldType); break;
                    case MethodBase mb:
                        Add(mb.DeclaringType);
                        if (mb.IsGenericMethod) foreach (var a in mb.GetGenericArguments()) Add(a);
                        break;
                }
        }
        return found;
    }
}
