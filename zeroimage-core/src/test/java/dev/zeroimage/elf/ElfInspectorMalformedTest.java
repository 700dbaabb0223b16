package dev.zeroimage.elf;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static dev.zeroimage.elf.ElfInspectorFormatsTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Damaged copies of real executables must always give a NotAnExecutableException with a clear
 * message: never another exception, a hang or a huge allocation.
 */
@Tag("real")
class ElfInspectorMalformedTest {
    private static final String CORRUPT = "truncated or corrupt ELF file: ";
    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;

    @TempDir
    static Path binaries;

    /** x86-64 little-endian, so the patches below can use fixed ELF64 offsets. */
    private static byte[] staticElf;
    private static byte[] dynamicElf;

    @TempDir
    Path dir;

    @BeforeAll
    static void compile() throws IOException {
        staticElf = Files.readAllBytes(NativeCompiler.compile("gcc", binaries, "hello.c", "static", "-static"));
        dynamicElf = Files.readAllBytes(NativeCompiler.compile("gcc", binaries, "hello.c", "dynamic"));
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 52, 63, 100})
    void truncatedHeaders(int length) throws IOException {
        assertRejected(write(Arrays.copyOf(staticElf, length)), CORRUPT);
    }

    @Test
    void truncatedToHalfLosesLoadableSegments() throws IOException {
        String message = assertRejected(write(Arrays.copyOf(staticElf, staticElf.length / 2)), CORRUPT);
        assertTrue(message.contains("extends beyond the end of the file"), message);
    }

    @Test
    void invalidClass() throws IOException {
        byte[] elf = staticElf.clone();
        elf[4] = 3;
        assertRejected(write(elf), CORRUPT + "invalid EI_CLASS value 3");
    }

    @Test
    void invalidByteOrder() throws IOException {
        byte[] elf = staticElf.clone();
        elf[5] = 0;
        assertRejected(write(elf), CORRUPT + "invalid EI_DATA value 0");
    }

    @ParameterizedTest
    @ValueSource(longs = {1L << 20, 1L << 40, -1L, -8L})
    void programHeadersOutsideTheFile(long phoff) throws IOException {
        ByteBuffer elf = buffer(staticElf);
        elf.putLong(32, phoff);
        String message = assertRejected(write(elf), CORRUPT);
        assertTrue(message.contains("the program header table"), message);
        assertTrue(message.contains("lies outside the file"), message);
    }

    @Test
    void absurdProgramHeaderCount() throws IOException {
        ByteBuffer elf = buffer(staticElf);
        elf.putShort(56, (short) 65535);
        assertRejected(write(elf), CORRUPT + "it claims 65535 program headers");
    }

    @Test
    void noProgramHeaders() throws IOException {
        ByteBuffer elf = buffer(staticElf);
        elf.putShort(56, (short) 0);
        assertRejected(write(elf), CORRUPT + "it has no program headers");
    }

    @Test
    void wrongProgramHeaderEntrySize() throws IOException {
        ByteBuffer elf = buffer(staticElf);
        elf.putShort(54, (short) 32);
        assertRejected(write(elf), CORRUPT + "program header entries are 32 bytes");
    }

    @Test
    void loadableSegmentBeyondTheFile() throws IOException {
        ByteBuffer elf = buffer(staticElf);
        elf.putLong(phdr(elf, PT_LOAD) + 32, 1L << 36);
        assertRejected(write(elf), "extends beyond the end of the file");
    }

    @Test
    void interpreterOffsetBeyondTheFile() throws IOException {
        ByteBuffer elf = buffer(dynamicElf);
        elf.putLong(phdr(elf, PT_INTERP) + 8, dynamicElf.length + 100L);
        String message = assertRejected(write(elf), CORRUPT);
        assertTrue(message.contains("the interpreter path (PT_INTERP)"), message);
        assertTrue(message.contains("lies outside the file"), message);
    }

    @Test
    void interpreterEndingBeyondTheFile() throws IOException {
        ByteBuffer elf = buffer(dynamicElf);
        elf.putLong(phdr(elf, PT_INTERP) + 8, dynamicElf.length - 10L);
        assertRejected(write(elf), "lies outside the file");
    }

    @ParameterizedTest
    @ValueSource(longs = {4097, 1L << 40, Long.MAX_VALUE, -1L})
    void interpreterOfImpossibleSize(long size) throws IOException {
        ByteBuffer elf = buffer(dynamicElf);
        elf.putLong(phdr(elf, PT_INTERP) + 32, size);
        assertRejected(write(elf), CORRUPT + "the interpreter path (PT_INTERP) has an impossible size");
    }

    @Test
    void interpreterWithoutTerminatingNul() throws IOException {
        ByteBuffer elf = buffer(dynamicElf);
        int phdr = phdr(elf, PT_INTERP);
        int end = (int) (elf.getLong(phdr + 8) + elf.getLong(phdr + 32)) - 1;
        elf.put(end, (byte) 'x');
        assertRejected(write(elf), CORRUPT + "the interpreter path (PT_INTERP) is not NUL-terminated");
    }

    @ParameterizedTest
    @ValueSource(longs = {(1 << 20) + 16, 1L << 40, -16L})
    void dynamicSectionOfImpossibleSize(long size) throws IOException {
        ByteBuffer elf = buffer(dynamicElf);
        elf.putLong(phdr(elf, PT_DYNAMIC) + 32, size);
        assertRejected(write(elf), CORRUPT + "the dynamic section (PT_DYNAMIC) has an impossible size");
    }

    @Test
    void dynamicSectionOutsideTheFile() throws IOException {
        ByteBuffer elf = buffer(dynamicElf);
        elf.putLong(phdr(elf, PT_DYNAMIC) + 8, 1L << 32);
        assertRejected(write(elf), "the dynamic section (PT_DYNAMIC)");
    }

    @Test
    void neededNameOutsideTheStringTable() throws IOException {
        ByteBuffer elf = buffer(dynamicElf);
        elf.putLong(dynamicEntry(elf, 1) + 8, 1L << 40);
        assertRejected(write(elf), CORRUPT + "a needed library name (DT_NEEDED)");
    }

    @Test
    void stringTableAddressNotMapped() throws IOException {
        ByteBuffer elf = buffer(dynamicElf);
        elf.putLong(dynamicEntry(elf, 5) + 8, 0x7f00_0000_0000L);
        assertRejected(write(elf), CORRUPT + "the dynamic string table address 0x7f0000000000");
    }

    @Test
    void neededNameCutByStringTableSize() throws IOException {
        ByteBuffer elf = buffer(dynamicElf);
        long nameOffset = elf.getLong(dynamicEntry(elf, 1) + 8);
        elf.putLong(dynamicEntry(elf, 10) + 8, nameOffset + 3); // DT_STRSZ ends inside "libc.so.6"
        assertRejected(write(elf), "is not NUL-terminated");
    }

    /**
     * Flips 1-8 random bytes of a dynamic executable, mostly in its first 4 KiB (header, program
     * headers, interpreter, dynamic strings) and sometimes in PT_DYNAMIC, which lies further on.
     */
    @Test
    void fuzzedDynamicExecutable() {
        ByteBuffer original = buffer(dynamicElf);
        int dynamicPhdr = phdr(original, PT_DYNAMIC);
        int dynamicOffset = (int) original.getLong(dynamicPhdr + 8);
        int dynamicSize = (int) original.getLong(dynamicPhdr + 32);
        int front = Math.min(4096, dynamicElf.length);
        Random random = new Random(20260101);

        int[] outcomes = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> fuzz(dynamicElf, 2000, random,
                () -> random.nextInt(4) > 0 ? random.nextInt(front) : dynamicOffset + random.nextInt(dynamicSize)));

        assertTrue(outcomes[0] > 0 && outcomes[1] > 0, () -> "accepted " + outcomes[0] + ", rejected " + outcomes[1]);
    }

    /** The same for a small 32-bit big-endian file, so that every byte of it gets hit. */
    @Test
    void fuzzedBigEndian32BitExecutable() {
        byte[] elf = new SyntheticElf().elfClass(32).bigEndian().machine(8).type(ElfInfo.ET_DYN)
                .interpreter("/lib/ld.so.1").needed("libm.so.6", "libc.so.6").build();
        Random random = new Random(7);

        int[] outcomes = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> fuzz(elf, 1000, random, () -> random.nextInt(elf.length)));

        assertTrue(outcomes[0] > 0 && outcomes[1] > 0, () -> "accepted " + outcomes[0] + ", rejected " + outcomes[1]);
    }

    /** Returns {accepted, rejected}; fails on anything but an ElfInfo or a NotAnExecutableException naming the file. */
    private int[] fuzz(byte[] original, int iterations, Random random, java.util.function.IntSupplier position)
            throws IOException {
        Path file = dir.resolve("fuzzed");
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < iterations; i++) {
            byte[] elf = original.clone();
            StringBuilder flips = new StringBuilder();
            for (int n = 1 + random.nextInt(8); n > 0; n--) {
                int at = position.getAsInt();
                elf[at] ^= (byte) (1 + random.nextInt(255));
                flips.append(String.format(" 0x%x=0x%02x", at, elf[at] & 0xff));
            }
            Files.write(file, elf);
            try {
                ElfInspector.inspect(file);
                accepted++;
            } catch (NotAnExecutableException e) {
                assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
                rejected++;
            } catch (Throwable t) {
                fail("iteration " + i + " (bytes" + flips + ") threw " + t, t);
            }
        }
        assertEquals(iterations, accepted + rejected);
        return new int[] {accepted, rejected};
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("damaged"), bytes);
    }

    private Path write(ByteBuffer elf) throws IOException {
        return write(elf.array());
    }

    private static ByteBuffer buffer(byte[] elf) {
        return ByteBuffer.wrap(elf.clone()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** File offset of the first ELF64 program header of {@code type}. */
    private static int phdr(ByteBuffer elf, int type) {
        int phoff = (int) elf.getLong(32);
        for (int i = 0; i < elf.getShort(56); i++) {
            if (elf.getInt(phoff + i * 56) == type) {
                return phoff + i * 56;
            }
        }
        throw new AssertionError("no program header of type " + type);
    }

    /** File offset of the first ELF64 dynamic entry with {@code tag}. */
    private static int dynamicEntry(ByteBuffer elf, long tag) {
        int phdr = phdr(elf, PT_DYNAMIC);
        int offset = (int) elf.getLong(phdr + 8);
        for (int at = offset; at < offset + elf.getLong(phdr + 32); at += 16) {
            if (elf.getLong(at) == tag) {
                return at;
            }
        }
        throw new AssertionError("no dynamic entry with tag " + tag);
    }
}
