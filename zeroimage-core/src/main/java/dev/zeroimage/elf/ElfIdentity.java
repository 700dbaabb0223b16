package dev.zeroimage.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The part of an ELF header that decides whether two files can be loaded into one process: class,
 * byte order and machine. The loader skips a library whose identity differs from the program's.
 */
public record ElfIdentity(int elfClass, boolean littleEndian, int machine) {
    /** Bytes needed by {@link #of(byte[])}. */
    public static final int HEAD_SIZE = 20;

    /** The identity in the first {@link #HEAD_SIZE} bytes of a file, or null when they are not an ELF header. */
    public static ElfIdentity of(byte[] head) {
        if (head.length < HEAD_SIZE || !FileSignatures.isElf(head) || (head[4] != 1 && head[4] != 2)
                || (head[5] != 1 && head[5] != 2)) {
            return null;
        }
        boolean little = head[5] == 1;
        int machine = ByteBuffer.wrap(head, 18, 2).order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
                .getShort() & 0xffff;
        return new ElfIdentity(head[4] == 1 ? 32 : 64, little, machine);
    }

    /** Like file(1): "64-bit LSB x86-64". */
    public String describe() {
        return elfClass + "-bit " + (littleEndian ? "LSB" : "MSB") + " " + ElfMachines.name(machine);
    }
}
