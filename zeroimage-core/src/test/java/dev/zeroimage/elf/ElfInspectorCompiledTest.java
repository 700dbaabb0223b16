package dev.zeroimage.elf;

import dev.zeroimage.testing.ExternalTools;
import dev.zeroimage.image.Platform;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inspects executables compiled at test time by the real toolchains. */
@Tag("real")
class ElfInspectorCompiledTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");

    @TempDir
    Path dir;

    @Test
    void glibcStaticExecutable() {
        ElfInfo info = ElfInspector.inspect(NativeCompiler.compile("gcc", dir, "hello.c", "hello", "-static"));

        assertEquals(64, info.elfClass());
        assertTrue(info.littleEndian());
        assertEquals(62, info.machine());
        assertEquals(ElfInfo.ET_EXEC, info.type());
        assertNull(info.interpreter());
        assertEquals(List.of(), info.neededLibraries());
        assertFalse(info.positionIndependent());
        assertFalse(info.isDynamicallyLinked());
        assertEquals(AMD64, info.platform());
        assertEquals("ELF 64-bit LSB x86-64 statically linked executable", info.describe());
    }

    @Test
    void staticPieIsAccepted() {
        ElfInfo info = ElfInspector.inspect(NativeCompiler.compile("gcc", dir, "hello.c", "hello", "-static-pie"));

        assertEquals(ElfInfo.ET_DYN, info.type());
        assertNull(info.interpreter());
        assertTrue(info.positionIndependent());
        assertFalse(info.isDynamicallyLinked());
        assertEquals(AMD64, info.platform());
        assertEquals("ELF 64-bit LSB x86-64 static-pie executable", info.describe());
    }

    @Test
    void defaultDynamicExecutableHasInterpreterAndLibc() {
        ElfInfo info = ElfInspector.inspect(NativeCompiler.compile("gcc", dir, "hello.c", "hello"));

        assertEquals("/lib64/ld-linux-x86-64.so.2", info.interpreter());
        assertEquals(List.of("libc.so.6"), info.neededLibraries());
        assertTrue(info.isDynamicallyLinked());
        assertEquals(info.type() == ElfInfo.ET_DYN, info.positionIndependent());
        assertEquals(AMD64, info.platform());
        assertTrue(info.describe().endsWith(" executable (interpreter /lib64/ld-linux-x86-64.so.2)"), info.describe());
    }

    @Test
    void dynamicPie() {
        ElfInfo info = ElfInspector.inspect(NativeCompiler.compile("gcc", dir, "hello.c", "hello", "-pie", "-fPIE"));

        assertEquals(ElfInfo.ET_DYN, info.type());
        assertTrue(info.positionIndependent());
        assertEquals("ELF 64-bit LSB x86-64 dynamically linked pie executable"
                + " (interpreter /lib64/ld-linux-x86-64.so.2)", info.describe());
    }

    @Test
    void dynamicNonPie() {
        ElfInfo info = ElfInspector.inspect(NativeCompiler.compile("gcc", dir, "hello.c", "hello", "-no-pie"));

        assertEquals(ElfInfo.ET_EXEC, info.type());
        assertFalse(info.positionIndependent());
        assertEquals("/lib64/ld-linux-x86-64.so.2", info.interpreter());
        assertEquals(List.of("libc.so.6"), info.neededLibraries());
    }

    @Test
    void muslStaticExecutable() {
        ElfInfo info = ElfInspector.inspect(NativeCompiler.compile("musl-gcc", dir, "hello.c", "hello", "-static"));

        assertNull(info.interpreter());
        assertEquals(List.of(), info.neededLibraries());
        assertEquals(AMD64, info.platform());
    }

    @Test
    void aarch64StaticExecutable() {
        ElfInfo info = ElfInspector.inspect(
                NativeCompiler.compile("aarch64-linux-gnu-gcc", dir, "hello.c", "hello", "-static"));

        assertEquals(183, info.machine());
        assertEquals(64, info.elfClass());
        assertNull(info.interpreter());
        assertEquals(Platform.parse("linux/arm64/v8"), info.platform());
        assertEquals("linux/arm64/v8", info.platform().toString());
        assertTrue(info.describe().startsWith("ELF 64-bit LSB ARM aarch64 statically linked"), info.describe());
    }

    @Test
    void aarch64DynamicExecutable() {
        ElfInfo info = ElfInspector.inspect(NativeCompiler.compile("aarch64-linux-gnu-gcc", dir, "hello.c", "hello"));

        assertEquals("/lib/ld-linux-aarch64.so.1", info.interpreter());
        assertEquals(List.of("libc.so.6"), info.neededLibraries());
        assertEquals(Platform.parse("linux/arm64/v8"), info.platform());
    }

    @Test
    void sharedLibraryIsRejected() {
        Path library = NativeCompiler.compile("gcc", dir, "answer.c", "libanswer.so", "-shared", "-fPIC");

        NotAnExecutableException e = assertThrows(NotAnExecutableException.class, () -> ElfInspector.inspect(library));
        assertTrue(e.getMessage().contains(library.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("shared library"), e.getMessage());
        assertEquals(library, e.file());
    }

    @Test
    void objectFileIsRejected() {
        Path object = NativeCompiler.compile("gcc", dir, "answer.c", "answer.o", "-c");

        NotAnExecutableException e = assertThrows(NotAnExecutableException.class, () -> ElfInspector.inspect(object));
        assertTrue(e.getMessage().contains(object.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("relocatable object file"), e.getMessage());
    }

    @Test
    void systemBusyboxIsStaticAmd64() {
        Path busybox = Path.of("/bin/busybox");
        ExternalTools.requireThat(Files.isRegularFile(busybox), "/bin/busybox (Debian package busybox-static)");
        ExternalTools.requireThat("amd64".equals(System.getProperty("os.arch")), "an amd64 machine");

        ElfInfo info = ElfInspector.inspect(busybox);

        assertFalse(info.isDynamicallyLinked(), info.describe());
        assertEquals(List.of(), info.neededLibraries());
        assertEquals(AMD64, info.platform());
    }
}
