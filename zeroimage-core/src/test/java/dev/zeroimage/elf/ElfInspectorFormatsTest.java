package dev.zeroimage.elf;

import dev.zeroimage.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files that are not ELF executables are named for what they are, with what to do instead. */
class ElfInspectorFormatsTest {
    @TempDir
    Path dir;

    @Test
    void missingFile() {
        assertRejected(dir.resolve("no-such-app"), "does not exist");
    }

    @Test
    void directory() {
        assertRejected(dir, "is a directory");
    }

    @Test
    void emptyFile() throws IOException {
        assertRejected(Files.createFile(dir.resolve("app")), "is an empty file");
    }

    @Test
    void javaArchive() throws IOException {
        Path jar = dir.resolve("app.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\r\nMain-Class: App\r\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        String message = assertRejected(jar, "a Java archive (jar/zip), not a native executable");
        assertTrue(message.contains("native-image"), message);
    }

    @Test
    void shellScript() throws IOException {
        Path script = write("run.sh", "#!/bin/sh\nexec java -jar app.jar\n");
        assertRejected(script, "a script run by /bin/sh");
    }

    @Test
    void envScriptNamesTheRealInterpreter() throws IOException {
        Path script = write("tool", "#!/usr/bin/env -S python3 -u\nprint('hi')\n");
        assertRejected(script, "a script run by python3 (via /usr/bin/env)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"feedface", "feedfacf", "cefaedfe", "cffaedfe"})
    void machO(String magic) throws IOException {
        Path file = write("app-macos", HexFormat.of().parseHex(magic + "0c000001000000000200000010000000"));
        String message = assertRejected(file, "Mach-O executable built for macOS");
        assertTrue(message.contains("cross-compile it for Linux"), message);
    }

    @Test
    void machOUniversalBinary() throws IOException {
        Path file = write("app-universal", HexFormat.of().parseHex("cafebabe000000020100000700000003"));
        assertRejected(file, "Mach-O universal binary built for macOS");
    }

    @Test
    void javaClassFile() throws IOException {
        Path file = write("App.class", HexFormat.of().parseHex("cafebabe000000410022"));
        assertRejected(file, "a Java class file");
    }

    @Test
    void windowsExecutable() throws IOException {
        byte[] pe = new byte[128];
        pe[0] = 'M';
        pe[1] = 'Z';
        pe[60] = 64;
        System.arraycopy("PE\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, pe, 64, 4);
        assertRejected(write("app.exe", pe), "a Windows executable (PE/COFF");
    }

    @Test
    void randomBytesAreAnUnknownFormatShownInHex() throws IOException {
        byte[] bytes = new byte[1000];
        new Random(42).nextBytes(bytes);
        bytes[0] = 0x13; // not the first byte of any recognised signature
        String message = assertRejected(write("noise", bytes), "unknown format");
        assertTrue(message.contains(HexFormat.ofDelimiter(" ").formatHex(bytes, 0, 16)), message);
    }

    @Test
    void elfMagicAloneIsTruncated() throws IOException {
        assertRejected(write("stub", new byte[] {0x7f, 'E', 'L', 'F', 2, 1}), "truncated or corrupt ELF file: ");
    }

    @Test
    void namedPipeIsRejectedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        ExternalTools.requireThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertRejected(fifo, "not a regular file"));
    }

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bytes);
        }
        return file;
    }

    /** Asserts the file is rejected with a message naming it and containing {@code found}; returns the message. */
    static String assertRejected(Path file, String found) {
        NotAnExecutableException e = assertThrows(NotAnExecutableException.class, () -> ElfInspector.inspect(file));
        assertTrue(e.getMessage().contains(file.toString()), () -> "message does not name the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(found), () -> "expected '" + found + "' in: " + e.getMessage());
        assertEquals(file, e.file());
        return e.getMessage();
    }
}
