package dev.zeroimage.elf;

import dev.zeroimage.ZeroImageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds out whether a file is a Linux ELF executable, for which platform, and what it needs at run
 * time. Reads only the ELF header, the program headers, PT_INTERP and PT_DYNAMIC with its strings,
 * each with a bounded positional read, so a 500 MB executable costs a few kilobytes of I/O.
 */
public final class ElfInspector {
    private static final int ET_REL = 1;
    private static final int ET_CORE = 4;

    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;

    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_STRSZ = 10;
    private static final long DT_SONAME = 14;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;
    private static final long DT_VERDEF = 0x6ffffffcL;
    private static final long DT_VERDEFNUM = 0x6ffffffdL;
    private static final long DT_VERNEED = 0x6ffffffeL;
    private static final long DT_VERNEEDNUM = 0x6fffffffL;
    private static final long DT_FLAGS_1 = 0x6ffffffbL;
    /** vd_flags of the definition that only repeats the file's own soname. */
    private static final int VER_FLG_BASE = 1;
    private static final long DF_1_PIE = 0x08000000L;

    // Caps: the first two are the Linux kernel's own limits (PATH_MAX, and the 64 KiB it allows for program headers).
    private static final int MAX_INTERPRETER = 4096;
    private static final int MAX_PROGRAM_HEADERS_BYTES = 65536;
    private static final int MAX_DYNAMIC = 1 << 20;
    private static final int MAX_NAME = 4096;
    private static final int MAX_NEEDED = 1024;
    /** More version entries than any real library has (glibc's libc.so.6 defines about 45). */
    private static final int MAX_VERSIONS = 4096;

    private ElfInspector() {
    }

    /** One program header, with the fields we use. Offsets and sizes are unsigned, so negative means absurd. */
    private record Segment(int type, long offset, long vaddr, long fileSize) {
    }

    /** What PT_DYNAMIC says. */
    private record Dynamic(List<String> needed, long flags1, String soname, List<String> runpath,
                           List<String> rpath, List<VersionNeed> versionNeeds, List<String> versionDefinitions) {
        static final Dynamic NONE = new Dynamic(List.of(), 0, null, List.of(), List.of(), List.of(), List.of());
    }

    /** Where the dynamic string table lies in the file. */
    private record StringTable(long offset, long end) {
    }

    /**
     * Inspects {@code file}.
     *
     * @throws NotAnExecutableException when the file is missing or is not a usable Linux ELF executable
     * @throws ZeroImageException       when the file cannot be read
     */
    public static ElfInfo inspect(Path file) {
        return inspect(file, false);
    }

    /**
     * Inspects a shared library (or an executable) the way {@link #inspect} does, but accepts shared
     * libraries and loaders, which have no program interpreter.
     */
    public static ElfInfo inspectLibrary(Path file) {
        return inspect(file, true);
    }

    private static ElfInfo inspect(Path file, boolean library) {
        if (!Files.exists(file)) {
            throw missing(file);
        }
        if (Files.isDirectory(file)) {
            throw new NotAnExecutableException(file, file + " is a directory, not an executable:"
                    + " point `executable` at the native binary itself");
        }
        if (!Files.isRegularFile(file)) {
            // Reading a pipe or device could block forever.
            throw new NotAnExecutableException(file, file + " is not a regular file (a pipe, socket or device?):"
                    + " point `executable` at a native Linux executable");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return inspect(new BoundedReader(channel, file), library);
        } catch (NoSuchFileException e) {
            throw missing(file);
        } catch (IOException e) {
            throw new ZeroImageException("Cannot read " + file + ": " + reason(e), e);
        }
    }

    private static ElfInfo inspect(BoundedReader in, boolean library) throws IOException {
        Path file = in.file();
        if (in.size() == 0) {
            throw new NotAnExecutableException(file, file + " is an empty file, not an executable:"
                    + " check that the build that produces it succeeded");
        }
        byte[] head = bytes(in.readUpTo(0, FileSignatures.HEAD_SIZE, "the file header"));
        if (!FileSignatures.isElf(head)) {
            throw new NotAnExecutableException(file, file + " is " + FileSignatures.describe(head));
        }
        if (head.length < 16) {
            throw in.corrupt("it has only " + head.length + " bytes, less than the 16-byte ELF identification");
        }
        int elfClass = switch (head[4]) {
            case 1 -> 32;
            case 2 -> 64;
            default -> throw in.corrupt("invalid EI_CLASS value " + (head[4] & 0xff)
                    + " (expected 1 for 32-bit or 2 for 64-bit)");
        };
        boolean littleEndian = switch (head[5]) {
            case 1 -> true;
            case 2 -> false;
            default -> throw in.corrupt("invalid EI_DATA value " + (head[5] & 0xff)
                    + " (expected 1 for little-endian or 2 for big-endian)");
        };
        in.order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        boolean is64 = elfClass == 64;

        ByteBuffer header = in.read(0, is64 ? 64 : 52, "the ELF header");
        int type = u16(header.getShort(16));
        int machine = u16(header.getShort(18));
        long entry = is64 ? header.getLong(24) : u32(header.getInt(24));
        long phoff = is64 ? header.getLong(32) : u32(header.getInt(28));
        int phentsize = u16(header.getShort(is64 ? 54 : 42));
        int phnum = u16(header.getShort(is64 ? 56 : 44));

        checkType(file, type);
        checkOperatingSystem(file, head[7] & 0xff);
        if (ElfMachines.platform(machine, elfClass, littleEndian) == null) {
            throw ElfMachines.unsupported(file, machine, elfClass, littleEndian);
        }

        List<Segment> segments = readProgramHeaders(in, is64, phoff, phentsize, phnum);
        String interpreter = null;
        Dynamic dynamic = Dynamic.NONE;
        Segment interp = first(segments, PT_INTERP);
        if (interp != null) {
            interpreter = readInterpreter(in, interp);
        }
        Segment dyn = first(segments, PT_DYNAMIC);
        if (dyn != null) {
            dynamic = readDynamic(in, is64, dyn, segments);
        }
        if (!library && type == ElfInfo.ET_DYN && interpreter == null && isSharedLibrary(entry, dynamic)) {
            throw new NotAnExecutableException(file, file + " is an ELF shared library, not an executable:"
                    + " point `executable` at the program that loads it");
        }
        return new ElfInfo(file, elfClass, littleEndian, machine, type, interpreter, dynamic.needed(),
                type == ElfInfo.ET_DYN, dynamic.soname(), dynamic.runpath(), dynamic.rpath(),
                dynamic.versionNeeds(), dynamic.versionDefinitions());
    }

    /**
     * Tells a shared library from a static-pie, both ET_DYN without an interpreter. A static-pie has
     * DF_1_PIE or an entry point; older linkers also give libraries an entry point, but a file that
     * needs libraries and has no interpreter to load them cannot run on its own.
     */
    private static boolean isSharedLibrary(long entry, Dynamic dynamic) {
        if (!dynamic.needed().isEmpty()) {
            return true;
        }
        return (dynamic.flags1() & DF_1_PIE) == 0 && entry == 0;
    }

    private static void checkType(Path file, int type) {
        String found = switch (type) {
            case ElfInfo.ET_EXEC, ElfInfo.ET_DYN -> null;
            case ET_REL -> "an ELF relocatable object file (.o), not an executable: link it into a program"
                    + " (for example gcc -o app app.o) and point `executable` at that";
            case ET_CORE -> "an ELF core dump, not an executable: point `executable` at the program itself";
            default -> String.format("an ELF file of type 0x%04x, neither an executable nor a shared object:"
                    + " point `executable` at a native Linux executable", type);
        };
        if (found != null) {
            throw new NotAnExecutableException(file, file + " is " + found);
        }
    }

    /** Linux uses EI_OSABI 0 (System V) or 3 (GNU); these others mark binaries for another kernel. */
    private static void checkOperatingSystem(Path file, int osAbi) {
        String os = switch (osAbi) {
            case 1 -> "HP-UX";
            case 2 -> "NetBSD";
            case 6 -> "Solaris";
            case 7 -> "AIX";
            case 9 -> "FreeBSD";
            case 12 -> "OpenBSD";
            default -> null;
        };
        if (os != null) {
            throw new NotAnExecutableException(file, file + " is an ELF executable for " + os + " (EI_OSABI "
                    + osAbi + "), not for Linux: cross-compile it for Linux");
        }
    }

    private static List<Segment> readProgramHeaders(BoundedReader in, boolean is64, long phoff, int phentsize,
                                                    int phnum) throws IOException {
        if (phentsize != (is64 ? 56 : 32)) {
            throw in.corrupt("program header entries are " + phentsize + " bytes, not " + (is64 ? 56 : 32));
        }
        if (phnum == 0) {
            throw in.corrupt("it has no program headers, so there is nothing to load");
        }
        if ((long) phnum * phentsize > MAX_PROGRAM_HEADERS_BYTES) {
            throw in.corrupt("it claims " + phnum + " program headers, more than Linux accepts");
        }
        ByteBuffer table = in.read(phoff, (long) phnum * phentsize, "the program header table");
        List<Segment> segments = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int at = i * phentsize;
            Segment segment = is64
                    ? new Segment(table.getInt(at), table.getLong(at + 8), table.getLong(at + 16),
                            table.getLong(at + 32))
                    : new Segment(table.getInt(at), u32(table.getInt(at + 4)), u32(table.getInt(at + 8)),
                            u32(table.getInt(at + 16)));
            // A loadable segment past the end of the file is the usual sign of an incomplete copy.
            if (segment.type() == PT_LOAD && !in.inFile(segment.offset(), segment.fileSize())) {
                throw in.corrupt("loadable segment " + i + " (" + Long.toUnsignedString(segment.fileSize())
                        + " bytes at offset " + Long.toUnsignedString(segment.offset())
                        + ") extends beyond the end of the file, which has " + in.size() + " bytes");
            }
            segments.add(segment);
        }
        return segments;
    }

    private static String readInterpreter(BoundedReader in, Segment interp) throws IOException {
        long size = interp.fileSize();
        if (size < 2 || size > MAX_INTERPRETER) {
            throw in.corrupt("the interpreter path (PT_INTERP) has an impossible size of "
                    + Long.toUnsignedString(size) + " bytes");
        }
        byte[] path = bytes(in.read(interp.offset(), size, "the interpreter path (PT_INTERP)"));
        int end = indexOfNul(path, 0);
        if (end <= 0) {
            throw in.corrupt(end == 0 ? "the interpreter path (PT_INTERP) is empty"
                    : "the interpreter path (PT_INTERP) is not NUL-terminated");
        }
        return new String(path, 0, end, StandardCharsets.UTF_8);
    }

    private static Dynamic readDynamic(BoundedReader in, boolean is64, Segment dyn, List<Segment> segments)
            throws IOException {
        if (dyn.fileSize() < 0 || dyn.fileSize() > MAX_DYNAMIC) {
            throw in.corrupt("the dynamic section (PT_DYNAMIC) has an impossible size of "
                    + Long.toUnsignedString(dyn.fileSize()) + " bytes");
        }
        ByteBuffer table = in.read(dyn.offset(), dyn.fileSize(), "the dynamic section (PT_DYNAMIC)");
        int entrySize = is64 ? 16 : 8;
        List<Long> neededOffsets = new ArrayList<>();
        Long strtab = null;
        long strsz = -1;
        long flags1 = 0;
        Long soname = null;
        Long rpath = null;
        Long runpath = null;
        Long verneed = null;
        long verneedNum = 0;
        Long verdef = null;
        long verdefNum = 0;
        for (int at = 0; at + entrySize <= table.limit(); at += entrySize) {
            long tag = is64 ? table.getLong(at) : table.getInt(at);
            long value = is64 ? table.getLong(at + 8) : u32(table.getInt(at + 4));
            if (tag == DT_NULL) {
                break;
            } else if (tag == DT_NEEDED) {
                if (neededOffsets.size() == MAX_NEEDED) {
                    throw in.corrupt("it names more than " + MAX_NEEDED + " needed libraries (DT_NEEDED)");
                }
                neededOffsets.add(value);
            } else if (tag == DT_STRTAB) {
                strtab = value;
            } else if (tag == DT_STRSZ) {
                strsz = value;
            } else if (tag == DT_FLAGS_1) {
                flags1 = value;
            } else if (tag == DT_SONAME) {
                soname = value;
            } else if (tag == DT_RPATH) {
                rpath = value;
            } else if (tag == DT_RUNPATH) {
                runpath = value;
            } else if (tag == DT_VERNEED) {
                verneed = value;
            } else if (tag == DT_VERNEEDNUM) {
                verneedNum = value;
            } else if (tag == DT_VERDEF) {
                verdef = value;
            } else if (tag == DT_VERDEFNUM) {
                verdefNum = value;
            }
        }
        boolean needsStrings = !neededOffsets.isEmpty() || soname != null || rpath != null || runpath != null
                || verneed != null || verdef != null;
        if (!needsStrings) {
            return new Dynamic(List.of(), flags1, null, List.of(), List.of(), List.of(), List.of());
        }
        if (strtab == null) {
            throw in.corrupt("it names needed libraries (DT_NEEDED) but has no string table (DT_STRTAB)");
        }
        Segment load = segmentContaining(segments, strtab);
        if (load == null) {
            throw in.corrupt("the dynamic string table address 0x" + Long.toHexString(strtab)
                    + " is not inside any loadable segment");
        }
        long strtabOffset = load.offset() + (strtab - load.vaddr());
        // The strings end at the end of the table (when DT_STRSZ is sane) and at the latest at the segment's end.
        long tableEnd = load.offset() + load.fileSize();
        if (strsz >= 0 && strsz <= tableEnd - strtabOffset) {
            tableEnd = strtabOffset + strsz;
        }
        StringTable strings = new StringTable(strtabOffset, tableEnd);
        List<String> needed = new ArrayList<>(neededOffsets.size());
        for (long nameOffset : neededOffsets) {
            needed.add(readString(in, strings, nameOffset, "a needed library name (DT_NEEDED)"));
        }
        return new Dynamic(needed, flags1,
                soname == null ? null : readString(in, strings, soname, "the library's own name (DT_SONAME)"),
                searchPath(runpath == null ? null : readString(in, strings, runpath, "the run path (DT_RUNPATH)")),
                searchPath(rpath == null ? null : readString(in, strings, rpath, "the run path (DT_RPATH)")),
                verneed == null ? List.of() : readVersionNeeds(in, segments, strings, verneed, verneedNum),
                verdef == null ? List.of() : readVersionDefinitions(in, segments, strings, verdef, verdefNum));
    }

    /** A colon-separated search path as its entries; empty entries (the current directory) are dropped. */
    private static List<String> searchPath(String value) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        List<String> entries = new ArrayList<>();
        for (String entry : value.split(":")) {
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** {@code .gnu.version_r}: Elf_Verneed entries (16 bytes), each with a chain of Elf_Vernaux (16 bytes). */
    private static List<VersionNeed> readVersionNeeds(BoundedReader in, List<Segment> segments, StringTable strings,
                                                      long address, long count) throws IOException {
        checkCount(in, count, "version needs (DT_VERNEEDNUM)");
        ByteBuffer area = versionArea(in, segments, address, "the version needs (DT_VERNEED)");
        List<VersionNeed> needs = new ArrayList<>();
        int at = 0;
        int total = 0;
        for (long i = 0; i < count; i++) {
            requireInArea(in, area, at, 16, "a version need entry");
            int auxCount = u16(area.getShort(at + 2));
            long file = u32(area.getInt(at + 4));
            long aux = u32(area.getInt(at + 8));
            long next = u32(area.getInt(at + 12));
            List<String> versions = new ArrayList<>();
            long auxAt = at + aux;
            for (int j = 0; j < auxCount; j++) {
                if (++total > MAX_VERSIONS) {
                    throw in.corrupt("it lists more than " + MAX_VERSIONS + " needed symbol versions");
                }
                requireInArea(in, area, auxAt, 16, "a needed version entry");
                versions.add(readString(in, strings, u32(area.getInt((int) auxAt + 8)), "a needed version name"));
                long auxNext = u32(area.getInt((int) auxAt + 12));
                if (auxNext == 0) {
                    break;
                }
                auxAt += auxNext;
            }
            needs.add(new VersionNeed(readString(in, strings, file, "a version need's library name"), versions));
            if (next == 0) {
                break;
            }
            at += (int) Math.min(next, Integer.MAX_VALUE / 2);
        }
        return needs;
    }

    /** {@code .gnu.version_d}: Elf_Verdef entries (20 bytes), the first Elf_Verdaux (8 bytes) naming each. */
    private static List<String> readVersionDefinitions(BoundedReader in, List<Segment> segments, StringTable strings,
                                                       long address, long count) throws IOException {
        checkCount(in, count, "version definitions (DT_VERDEFNUM)");
        ByteBuffer area = versionArea(in, segments, address, "the version definitions (DT_VERDEF)");
        List<String> definitions = new ArrayList<>();
        int at = 0;
        for (long i = 0; i < count; i++) {
            requireInArea(in, area, at, 20, "a version definition entry");
            int flags = u16(area.getShort(at + 2));
            int auxCount = u16(area.getShort(at + 6));
            long aux = u32(area.getInt(at + 12));
            long next = u32(area.getInt(at + 16));
            if (auxCount > 0 && (flags & VER_FLG_BASE) == 0) {
                requireInArea(in, area, at + aux, 8, "a version definition name");
                definitions.add(readString(in, strings, u32(area.getInt((int) (at + aux))), "a version name"));
            }
            if (next == 0) {
                break;
            }
            at += (int) Math.min(next, Integer.MAX_VALUE / 2);
        }
        return definitions;
    }

    private static void checkCount(BoundedReader in, long count, String what) {
        if (count < 0 || count > MAX_VERSIONS) {
            throw in.corrupt("it claims " + Long.toUnsignedString(count) + " " + what);
        }
    }

    /** The bytes from a version table's address to the end of its segment (at most {@link BoundedReader#MAX_READ}). */
    private static ByteBuffer versionArea(BoundedReader in, List<Segment> segments, long address, String what)
            throws IOException {
        Segment load = segmentContaining(segments, address);
        if (load == null) {
            throw in.corrupt(what + " at address 0x" + Long.toHexString(address)
                    + " is not inside any loadable segment");
        }
        long offset = load.offset() + (address - load.vaddr());
        long available = load.offset() + load.fileSize() - offset;
        return in.read(offset, Math.min(available, BoundedReader.MAX_READ), what);
    }

    private static void requireInArea(BoundedReader in, ByteBuffer area, long at, int size, String what) {
        if (at < 0 || at > area.limit() - size) {
            throw in.corrupt(what + " lies outside its segment");
        }
    }

    private static String readString(BoundedReader in, StringTable strings, long nameOffset, String what)
            throws IOException {
        if (nameOffset < 0 || nameOffset >= strings.end() - strings.offset()) {
            throw in.corrupt(what + " at string table offset "
                    + Long.toUnsignedString(nameOffset) + " lies outside the string table");
        }
        long start = strings.offset() + nameOffset;
        byte[] name = bytes(in.read(start, Math.min(MAX_NAME, strings.end() - start), what));
        int end = indexOfNul(name, 0);
        if (end < 0) {
            throw in.corrupt(what + " at offset " + start + " is not NUL-terminated");
        }
        if (end == 0 && !what.startsWith("the run path")) {
            throw in.corrupt(what + " at offset " + start + " is empty");
        }
        return new String(name, 0, end, StandardCharsets.UTF_8);
    }

    /** The PT_LOAD segment whose file-backed part holds virtual address {@code address}, or null. */
    private static Segment segmentContaining(List<Segment> segments, long address) {
        for (Segment segment : segments) {
            // Offsets and sizes of loads were checked against the file; vaddr may still be absurd (negative).
            if (segment.type() == PT_LOAD && segment.vaddr() >= 0 && address >= segment.vaddr()
                    && address - segment.vaddr() < segment.fileSize()) {
                return segment;
            }
        }
        return null;
    }

    private static Segment first(List<Segment> segments, int type) {
        for (Segment segment : segments) {
            if (segment.type() == type) {
                return segment;
            }
        }
        return null;
    }

    private static NotAnExecutableException missing(Path file) {
        return new NotAnExecutableException(file, file + " does not exist: build the native executable"
                + " before this step, and check the `executable` path");
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static int indexOfNul(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int u16(short value) {
        return value & 0xffff;
    }

    private static long u32(int value) {
        return value & 0xffffffffL;
    }
}
