namespace R1Omni.Charts;

/// <summary>
/// Names the formatter source of a type for the .NET Interactive kernel. The kernel matches this attribute by name and
/// calls its members by reflection, so the library needs no reference to the (deprecated) .NET Interactive packages
/// and stays loadable everywhere. <see cref="PreferredMimeTypes"/> are the representations one display publishes.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;
    public string[] PreferredMimeTypes { get; set; } = [];
}
