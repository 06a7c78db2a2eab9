// Makes TorchSharp's native glue library load on systems whose libstdc++ predates GCC 13 (e.g. Debian 12).
//
// libLibTorchSharp.so (TorchSharp 0.107.0) was linked by GCC 13 and needs GLIBCXX_3.4.32 solely for
// `std::ios_base_library_init()`, a link anchor emitted by <iostream> that is never called. We edit the ELF
// in place: the GLIBCXX_3.4.32 version need becomes weak, the symbol reference becomes unversioned, and its
// name is pointed at a symbol libc exports, so the dynamic loader is satisfied without any extra library.
//
// Usage: dotnet run environment/fix-libtorchsharp.cs -- [--check] FILE...
//   exit 0: every file loads here (patched now, patched before, or never needed it); exit 1: error;
//   with --check, exit 3 when a file still needs the patch.
using System.Text;

const string Version = "GLIBCXX_3.4.32";
const string Anchor = "_ZSt21ios_base_library_initv";
const string Replacement = "sched_yield"; // exported by libc, shorter than the anchor

bool checkOnly = args.Contains("--check");
var files = args.Where(a => a != "--check" && a != "--").ToList();
if (files.Count == 0) { Console.Error.WriteLine("usage: fix-libtorchsharp.cs [--check] FILE..."); return 1; }
int rc = 0;
foreach (var file in files)
{
    try
    {
        var state = ElfPatch.Apply(file, Version, Anchor, Replacement, dryRun: checkOnly);
        Console.WriteLine($"{file}: {state}");
        if (checkOnly && state == "needs patch") rc = Math.Max(rc, 3);
    }
    catch (Exception e) { Console.Error.WriteLine($"{file}: {e.Message}"); rc = 1; }
}
return rc;

static class ElfPatch
{
    const uint ShtDynsym = 11, ShtVerneed = 0x6ffffffe, ShtVersym = 0x6fffffff;
    const ushort VerFlgWeak = 0x2;

    public static string Apply(string path, string version, string anchor, string replacement, bool dryRun)
    {
        byte[] b = File.ReadAllBytes(path);
        if (b.Length < 64 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F')
            throw new InvalidDataException("not an ELF file");
        if (b[4] != 2 || b[5] != 1) throw new InvalidDataException("expected a 64-bit little-endian ELF");
        ulong shoff = U64(b, 0x28);
        int shentsize = U16(b, 0x3a), shnum = U16(b, 0x3c);
        var sections = Enumerable.Range(0, shnum).Select(i => (int)(shoff + (ulong)(i * shentsize))).Select(o => new Section(
            U32(b, o + 4), (long)U64(b, o + 0x18), (long)U64(b, o + 0x20), (int)U32(b, o + 0x28))).ToArray();
        var verneed = sections.FirstOrDefault(s => s.Type == ShtVerneed);
        var versym = sections.FirstOrDefault(s => s.Type == ShtVersym);
        var dynsym = sections.FirstOrDefault(s => s.Type == ShtDynsym);
        if (verneed is null || versym is null || dynsym is null) return "no symbol versioning; nothing to do";
        var dynstr = sections[dynsym.Link];
        string Str(uint off) { int s = (int)(dynstr.Offset + off), e = s; while (b[e] != 0) e++; return Encoding.ASCII.GetString(b, s, e - s); }

        // Find the version-need auxiliary entry for `version`.
        int verIndex = -1; long auxAt = -1; ushort flags = 0;
        long vn = verneed.Offset;
        while (true)
        {
            ushort cnt = U16(b, (int)vn + 2); uint aux = U32(b, (int)vn + 8), next = U32(b, (int)vn + 12);
            long a = vn + aux;
            for (int k = 0; k < cnt; k++)
            {
                if (Str(U32(b, (int)a + 8)) == version) { auxAt = a; flags = U16(b, (int)a + 4); verIndex = U16(b, (int)a + 6); }
                a += U32(b, (int)a + 12);
            }
            if (next == 0) break;
            vn += next;
        }
        if (verIndex < 0) return $"does not need {version}; nothing to do";

        // Every dynamic symbol bound to that version must be the unused anchor, or the edit would be unsafe.
        int nsyms = (int)(dynsym.Size / 24);
        var bound = new List<int>();
        for (int i = 0; i < nsyms; i++) if ((U16(b, (int)versym.Offset + 2 * i) & 0x7fff) == verIndex) bound.Add(i);
        foreach (int i in bound)
        {
            string name = Str(U32(b, (int)dynsym.Offset + 24 * i));
            if (name != anchor) throw new InvalidDataException($"symbol '{name}' needs {version}; refusing to patch");
        }
        if ((flags & VerFlgWeak) != 0 && bound.Count == 0) return "already patched";
        if (dryRun) return "needs patch";

        W16(b, (int)auxAt + 4, (ushort)(flags | VerFlgWeak));
        foreach (int i in bound)
        {
            W16(b, (int)versym.Offset + 2 * i, 1); // VER_NDX_GLOBAL: unversioned
            int nameAt = (int)(dynstr.Offset + U32(b, (int)dynsym.Offset + 24 * i));
            var bytes = Encoding.ASCII.GetBytes(replacement + "\0");
            Array.Copy(bytes, 0, b, nameAt, bytes.Length);
        }
        string tmp = path + ".patching";
        File.WriteAllBytes(tmp, b);
        File.Move(tmp, path, overwrite: true);
        return "patched";
    }

    record Section(uint Type, long Offset, long Size, int Link);
    static ushort U16(byte[] b, int o) => BitConverter.ToUInt16(b, o);
    static uint U32(byte[] b, int o) => BitConverter.ToUInt32(b, o);
    static ulong U64(byte[] b, int o) => BitConverter.ToUInt64(b, o);
    static void W16(byte[] b, int o, ushort v) => BitConverter.GetBytes(v).CopyTo(b, o);
}
