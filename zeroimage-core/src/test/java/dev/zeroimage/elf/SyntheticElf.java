package dev.zeroimage.elf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes minimal ELF files of any class, byte order and machine (no code, just the structures the
 * inspector reads), to test what no compiler on the test machine can produce: 32-bit, big-endian,
 * other architectures. Layout: header, program headers (PT_LOAD over the whole file at
 * {@link #BASE}, then PT_INTERP and PT_DYNAMIC when wanted), interpreter path, string table, dynamic section.
 */
public final class SyntheticElf {
    static final long BASE = 0x10000;

    int elfClass = 64;
    boolean littleEndian = true;
    int osAbi = 0;
    int type = ElfInfo.ET_EXEC;
    int machine = ElfMachines.EM_X86_64;
    long entry = BASE + 0x100;
    String interpreter;
    List<String> needed = List.of();
    long flags1;
    String soname;
    String runpath;
    String rpath;
    /** file → versions, written as DT_VERNEED. */
    java.util.Map<String, List<String>> versionNeeds = new java.util.LinkedHashMap<>();
    /** Written as DT_VERDEF after a base entry naming {@link #soname}. */
    List<String> versionDefinitions = List.of();

    public SyntheticElf elfClass(int value) {
        elfClass = value;
        return this;
    }

    public SyntheticElf bigEndian() {
        littleEndian = false;
        return this;
    }

    public SyntheticElf osAbi(int value) {
        osAbi = value;
        return this;
    }

    public SyntheticElf type(int value) {
        type = value;
        return this;
    }

    public SyntheticElf machine(int value) {
        machine = value;
        return this;
    }

    public SyntheticElf entry(long value) {
        entry = value;
        return this;
    }

    public SyntheticElf interpreter(String value) {
        interpreter = value;
        return this;
    }

    public SyntheticElf needed(String... names) {
        needed = List.of(names);
        return this;
    }

    SyntheticElf flags1(long value) {
        flags1 = value;
        return this;
    }

    public SyntheticElf soname(String value) {
        soname = value;
        return this;
    }

    public SyntheticElf runpath(String value) {
        runpath = value;
        return this;
    }

    public SyntheticElf rpath(String value) {
        rpath = value;
        return this;
    }

    public SyntheticElf needsVersions(String file, String... versions) {
        versionNeeds.put(file, List.of(versions));
        return this;
    }

    public SyntheticElf definesVersions(String... versions) {
        versionDefinitions = List.of(versions);
        return this;
    }

    public Path write(Path file) {
        try {
            Files.write(file, build());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] build() {
        boolean is64 = elfClass == 64;
        int headerSize = is64 ? 64 : 52;
        int phentsize = is64 ? 56 : 32;
        int word = is64 ? 8 : 4;
        boolean versions = !versionNeeds.isEmpty() || !versionDefinitions.isEmpty();
        boolean dynamic = !needed.isEmpty() || flags1 != 0 || soname != null || runpath != null || rpath != null
                || versions;
        int phnum = 1 + (interpreter != null ? 1 : 0) + (dynamic ? 1 : 0);

        byte[] interp = interpreter == null ? new byte[0] : (interpreter + "\0").getBytes(StandardCharsets.UTF_8);
        Strings strings = new Strings();
        long[] nameOffsets = new long[needed.size()];
        for (int i = 0; i < needed.size(); i++) {
            nameOffsets[i] = strings.add(needed.get(i));
        }
        long sonameOffset = soname == null ? -1 : strings.add(soname);
        long runpathOffset = runpath == null ? -1 : strings.add(runpath);
        long rpathOffset = rpath == null ? -1 : strings.add(rpath);
        byte[] verneed = verneed(strings);
        byte[] verdef = verdef(strings);
        int interpOffset = headerSize + phnum * phentsize;
        int strtabOffset = interpOffset + interp.length;
        int verneedOffset = align(strtabOffset + strings.size(), 4);
        int verdefOffset = verneedOffset + verneed.length;
        int dynamicOffset = align(verdefOffset + verdef.length, word);
        int dynamicEntries = dynamic ? needed.size() + 3 + (flags1 != 0 ? 1 : 0) + (soname != null ? 1 : 0)
                + (runpath != null ? 1 : 0) + (rpath != null ? 1 : 0)
                + (verneed.length > 0 ? 2 : 0) + (verdef.length > 0 ? 2 : 0) : 0;
        int dynamicSize = dynamicEntries * 2 * word;
        int size = dynamicOffset + dynamicSize;

        ByteBuffer b = ByteBuffer.allocate(size).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), (byte) (littleEndian ? 1 : 2), 1, (byte) osAbi});
        b.position(16);
        b.putShort((short) type).putShort((short) machine).putInt(1);
        putWord(b, is64, entry);
        putWord(b, is64, headerSize); // e_phoff
        putWord(b, is64, 0); // e_shoff
        b.putInt(0).putShort((short) headerSize).putShort((short) phentsize).putShort((short) phnum);
        b.putShort((short) 0).putShort((short) 0).putShort((short) 0);

        b.position(headerSize);
        putPhdr(b, is64, 1, 0, size); // PT_LOAD
        if (interpreter != null) {
            putPhdr(b, is64, 3, interpOffset, interp.length);
        }
        if (dynamic) {
            putPhdr(b, is64, 2, dynamicOffset, dynamicSize);
        }
        b.position(interpOffset);
        b.put(interp).put(strings.bytes());
        b.position(verneedOffset);
        b.put(verneed).put(verdef);
        if (dynamic) {
            b.position(dynamicOffset);
            for (long nameOffset : nameOffsets) {
                putDyn(b, is64, 1, nameOffset); // DT_NEEDED
            }
            if (soname != null) {
                putDyn(b, is64, 14, sonameOffset);
            }
            if (rpath != null) {
                putDyn(b, is64, 15, rpathOffset);
            }
            if (runpath != null) {
                putDyn(b, is64, 29, runpathOffset);
            }
            putDyn(b, is64, 5, BASE + strtabOffset); // DT_STRTAB
            putDyn(b, is64, 10, strings.size()); // DT_STRSZ
            if (flags1 != 0) {
                putDyn(b, is64, 0x6ffffffb, flags1); // DT_FLAGS_1
            }
            if (verneed.length > 0) {
                putDyn(b, is64, 0x6ffffffe, BASE + verneedOffset);
                putDyn(b, is64, 0x6fffffff, versionNeeds.size());
            }
            if (verdef.length > 0) {
                putDyn(b, is64, 0x6ffffffc, BASE + verdefOffset);
                putDyn(b, is64, 0x6ffffffd, versionDefinitions.size() + 1);
            }
            putDyn(b, is64, 0, 0); // DT_NULL
        }
        return b.array();
    }

    private ByteBuffer table(int size) {
        return ByteBuffer.allocate(size).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    }

    private byte[] verneed(Strings strings) {
        int count = versionNeeds.values().stream().mapToInt(List::size).sum();
        ByteBuffer t = table(versionNeeds.size() * 16 + count * 16);
        int at = 0;
        int index = 0;
        for (java.util.Map.Entry<String, List<String>> need : versionNeeds.entrySet()) {
            List<String> names = need.getValue();
            int size = 16 + names.size() * 16;
            boolean last = ++index == versionNeeds.size();
            t.putShort(at, (short) 1).putShort(at + 2, (short) names.size())
                    .putInt(at + 4, (int) strings.add(need.getKey())).putInt(at + 8, 16).putInt(at + 12, last ? 0 : size);
            for (int j = 0; j < names.size(); j++) {
                int aux = at + 16 + j * 16;
                t.putInt(aux, 0).putShort(aux + 4, (short) 0).putShort(aux + 6, (short) (2 + j))
                        .putInt(aux + 8, (int) strings.add(names.get(j))).putInt(aux + 12, j == names.size() - 1 ? 0 : 16);
            }
            at += size;
        }
        return t.array();
    }

    private byte[] verdef(Strings strings) {
        if (versionDefinitions.isEmpty()) {
            return new byte[0];
        }
        List<String> all = new java.util.ArrayList<>();
        all.add(soname == null ? "lib.so" : soname);
        all.addAll(versionDefinitions);
        ByteBuffer t = table(all.size() * 28);
        for (int i = 0; i < all.size(); i++) {
            int at = i * 28;
            t.putShort(at, (short) 1).putShort(at + 2, (short) (i == 0 ? 1 : 0)).putShort(at + 4, (short) (i + 1))
                    .putShort(at + 6, (short) 1).putInt(at + 8, 0).putInt(at + 12, 20)
                    .putInt(at + 16, i == all.size() - 1 ? 0 : 28);
            t.putInt(at + 20, (int) strings.add(all.get(i))).putInt(at + 24, 0);
        }
        return t.array();
    }

    /** A string table that starts with the empty string. */
    private static final class Strings {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Strings() {
            bytes.write(0);
        }

        long add(String value) {
            long offset = bytes.size();
            bytes.writeBytes((value + "\0").getBytes(StandardCharsets.UTF_8));
            return offset;
        }

        int size() {
            return bytes.size();
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    private static void putPhdr(ByteBuffer b, boolean is64, int type, long offset, long size) {
        if (is64) {
            b.putInt(type).putInt(4).putLong(offset).putLong(BASE + offset).putLong(BASE + offset)
                    .putLong(size).putLong(size).putLong(type == 1 ? 0x1000 : 1);
        } else {
            b.putInt(type).putInt((int) offset).putInt((int) (BASE + offset)).putInt((int) (BASE + offset))
                    .putInt((int) size).putInt((int) size).putInt(4).putInt(type == 1 ? 0x1000 : 1);
        }
    }

    private static void putDyn(ByteBuffer b, boolean is64, long tag, long value) {
        putWord(b, is64, tag);
        putWord(b, is64, value);
    }

    private static void putWord(ByteBuffer b, boolean is64, long value) {
        if (is64) {
            b.putLong(value);
        } else {
            b.putInt((int) value);
        }
    }

    private static int align(int value, int alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}
