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
final class SyntheticElf {
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

    SyntheticElf elfClass(int value) {
        elfClass = value;
        return this;
    }

    SyntheticElf bigEndian() {
        littleEndian = false;
        return this;
    }

    SyntheticElf osAbi(int value) {
        osAbi = value;
        return this;
    }

    SyntheticElf type(int value) {
        type = value;
        return this;
    }

    SyntheticElf machine(int value) {
        machine = value;
        return this;
    }

    SyntheticElf entry(long value) {
        entry = value;
        return this;
    }

    SyntheticElf interpreter(String value) {
        interpreter = value;
        return this;
    }

    SyntheticElf needed(String... names) {
        needed = List.of(names);
        return this;
    }

    SyntheticElf flags1(long value) {
        flags1 = value;
        return this;
    }

    Path write(Path file) {
        try {
            Files.write(file, build());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] build() {
        boolean is64 = elfClass == 64;
        int headerSize = is64 ? 64 : 52;
        int phentsize = is64 ? 56 : 32;
        int word = is64 ? 8 : 4;
        boolean dynamic = !needed.isEmpty() || flags1 != 0;
        int phnum = 1 + (interpreter != null ? 1 : 0) + (dynamic ? 1 : 0);

        byte[] interp = interpreter == null ? new byte[0] : (interpreter + "\0").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        strings.write(0);
        long[] nameOffsets = new long[needed.size()];
        for (int i = 0; i < needed.size(); i++) {
            nameOffsets[i] = strings.size();
            strings.writeBytes((needed.get(i) + "\0").getBytes(StandardCharsets.UTF_8));
        }
        int interpOffset = headerSize + phnum * phentsize;
        int strtabOffset = interpOffset + interp.length;
        int dynamicOffset = align(strtabOffset + strings.size(), word);
        int dynamicEntries = dynamic ? needed.size() + 3 + (flags1 != 0 ? 1 : 0) : 0;
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
        b.put(interp).put(strings.toByteArray());
        if (dynamic) {
            b.position(dynamicOffset);
            for (long nameOffset : nameOffsets) {
                putDyn(b, is64, 1, nameOffset); // DT_NEEDED
            }
            putDyn(b, is64, 5, BASE + strtabOffset); // DT_STRTAB
            putDyn(b, is64, 10, strings.size()); // DT_STRSZ
            if (flags1 != 0) {
                putDyn(b, is64, 0x6ffffffb, flags1); // DT_FLAGS_1
            }
            putDyn(b, is64, 0, 0); // DT_NULL
        }
        return b.array();
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
