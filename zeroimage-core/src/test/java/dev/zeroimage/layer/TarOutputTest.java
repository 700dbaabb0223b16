package dev.zeroimage.layer;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import dev.zeroimage.util.FileRegionSink;
import dev.zeroimage.util.TempFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TarOutput must write what TarArchiveOutputStream writes, byte for byte: layer digests depend on it. */
class TarOutputTest {
    private static final FileTime TIME = FileTime.from(Instant.parse("2024-05-01T10:00:00Z"));

    /** One entry and its content (null for directories and links). */
    private record Item(TarArchiveEntry entry, byte[] content) {
    }

    private static TarArchiveEntry entry(String name, byte type, int mode, int uid, long size) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, false);
        entry.setMode(mode);
        entry.setIds(uid, uid);
        entry.setUserName("");
        entry.setGroupName("");
        entry.setModTime(TIME);
        if (type == TarConstants.LF_NORMAL) {
            entry.setSize(size);
        }
        return entry;
    }

    private static Item file(String name, int size) {
        byte[] content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) (i * 31 + name.length());
        }
        return new Item(entry(name, TarConstants.LF_NORMAL, 0100755, 0, size), content);
    }

    /** Names and sizes that hit every header path: plain, 100+ characters (PAX), non-ASCII, odd sizes, empty. */
    private static List<Item> items() {
        List<Item> items = new ArrayList<>();
        items.add(new Item(entry("app/", TarConstants.LF_DIR, 040755, 0, 0), null));
        items.add(file("app/app", 1_000_003));
        items.add(file("app/empty", 0));
        items.add(file("app/" + "long-directory-name/".repeat(8) + "lib.so", 513));
        items.add(file("app/caf\u00e9-\u65e5\u672c.txt", 511));
        items.add(file("app/record", 512));
        TarArchiveEntry link = entry("app/link", TarConstants.LF_SYMLINK, 0120777, 65532, 0);
        link.setLinkName("../" + "x".repeat(120));
        items.add(new Item(link, null));
        items.add(new Item(entry("app/big-owner", TarConstants.LF_DIR, 040700, 10_000_000, 0), null));
        return items;
    }

    private static byte[] withCommonsCompress(List<Item> items, boolean paxForNonAscii) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(paxForNonAscii);
            for (Item item : items) {
                tar.putArchiveEntry(item.entry());
                if (item.content() != null) {
                    tar.write(item.content());
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return bytes.toByteArray();
    }

    private static byte[] withTarOutput(List<Item> items, boolean paxForNonAscii, int chunk) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TarOutput tar = new TarOutput(bytes, paxForNonAscii);
        for (Item item : items) {
            tar.putEntry(item.entry());
            if (item.content() != null) {
                for (int off = 0; off < item.content().length; off += chunk) {
                    tar.content().write(item.content(), off, Math.min(chunk, item.content().length - off));
                }
            }
            tar.closeEntry();
        }
        tar.finish();
        return bytes.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void writesTheBytesCommonsCompressWrites(boolean paxForNonAscii) throws IOException {
        byte[] expected = withCommonsCompress(items(), paxForNonAscii);
        for (int chunk : new int[] {1, 100, 512, 4096, 256 * 1024}) {
            assertArrayEquals(expected, withTarOutput(items(), paxForNonAscii, chunk), "chunk " + chunk);
        }
        assertEquals(0, expected.length % 512, "whole records");
        String text = new String(expected, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("path="), "the long name got a PAX record: the test covers that path");
    }

    @Test
    void anEmptyArchiveIsTheTwoEndRecords() throws IOException {
        byte[] tar = withTarOutput(List.of(), true, 512);
        assertArrayEquals(withCommonsCompress(List.of(), true), tar);
        assertTrue(Arrays.equals(new byte[1024], tar));
    }

    @Test
    void refusesContentBeyondTheHeaderSizeAndAShortEntry() throws IOException {
        TarOutput tar = new TarOutput(new ByteArrayOutputStream(), true);
        tar.putEntry(file("a", 3).entry());
        assertThrows(IOException.class, () -> tar.content().write(new byte[4]));
        tar.content().write(new byte[2]);
        IOException shortEntry = assertThrows(IOException.class, tar::closeEntry);
        assertTrue(shortEntry.getMessage().contains("a is 1 bytes short"), shortEntry.getMessage());
        assertThrows(IllegalStateException.class, () -> tar.putEntry(file("b", 1).entry()));
    }

    @Test
    void aFileRegionGivesTheSameBytesWhetherTheStreamBelowTakesItOrNot(@TempDir Path dir) throws IOException {
        Item app = file("app/app", 300_001);
        Path source = dir.resolve("app");
        Files.write(source, app.content());
        byte[] expected = withCommonsCompress(List.of(app), true);

        ByteArrayOutputStream plain = new ByteArrayOutputStream(); // no FileRegionSink: copied through the heap
        writeRegion(new TarOutput(plain, true), app.entry(), source);
        assertArrayEquals(expected, plain.toByteArray());

        Path tar = dir.resolve("out.tar");
        try (TempFile temp = TempFile.create(dir, "out", ".tmp")) {
            try (OutputStream out = temp.output()) { // a FileRegionSink: copied in the kernel
                writeRegion(new TarOutput(out, true), app.entry(), source);
            }
            temp.moveTo(tar);
        }
        assertArrayEquals(expected, Files.readAllBytes(tar));
    }

    @Test
    void refusesAFileRegionLargerThanTheEntry(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("big");
        Files.write(source, new byte[100]);
        TarOutput tar = new TarOutput(new ByteArrayOutputStream(), true);
        tar.putEntry(file("a", 99).entry());
        try (FileChannel channel = FileChannel.open(source)) {
            assertThrows(IOException.class, () -> ((FileRegionSink) tar.content()).transferFrom(channel, 100));
        }
    }

    private static void writeRegion(TarOutput tar, TarArchiveEntry entry, Path source) throws IOException {
        tar.putEntry(entry);
        try (FileChannel channel = FileChannel.open(source)) {
            ((FileRegionSink) tar.content()).transferFrom(channel, channel.size());
        }
        tar.closeEntry();
        tar.finish();
    }
}
