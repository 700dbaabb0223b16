package dev.zeroimage.elf;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Symbol versions, sonames and run paths of files built by the real toolchain and of the host's glibc. */
@Tag("real")
class ElfVersionsCompiledTest {
    @TempDir
    Path dir;

    @Test
    void dynamicProgramNeedsGlibcVersionsAndKeepsItsRunpath() {
        ElfInfo info = ElfInspector.inspect(NativeCompiler.compile("gcc", dir, "hello.c", "hello",
                "-Wl,-rpath,$ORIGIN/lib:/opt/x", "-Wl,--enable-new-dtags"));
        assertEquals(List.of("$ORIGIN/lib", "/opt/x"), info.runpath());
        List<String> glibc = info.versionsNeededFrom("libc.so.6");
        assertTrue(glibc.contains("GLIBC_2.2.5"), glibc.toString());
    }

    @Test
    void versionScriptDefinesExactlyItsVersions() throws IOException {
        copy("fakelibc.map");
        Path lib = NativeCompiler.compile("gcc", dir, "fakelibc.c", "libc.so.6", "-shared", "-fPIC",
                "-Wl,-soname,libc.so.6", "-Wl,--version-script," + dir.resolve("fakelibc.map"));
        ElfInfo info = ElfInspector.inspectLibrary(lib);
        assertEquals("libc.so.6", info.soname());
        assertEquals(List.of("GLIBC_2.2.5", "GLIBC_2.3", "GLIBC_2.17"), info.versionDefinitions());
    }

    @Test
    void hostGlibcDefinesItsVersions() {
        Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
        dev.zeroimage.testing.ExternalTools.requireThat(Files.isRegularFile(libc), "an amd64 Debian host with " + libc);
        ElfInfo info = ElfInspector.inspectLibrary(libc);
        assertEquals("libc.so.6", info.soname());
        assertTrue(info.versionDefinitions().containsAll(List.of("GLIBC_2.2.5", "GLIBC_2.17", "GLIBC_2.34")),
                info.versionDefinitions().toString());
        assertTrue(info.interpreter() != null, "glibc's libc.so.6 is also an executable with an interpreter");
    }

    private void copy(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/elf/" + resource)) {
            Files.copy(in, dir.resolve(resource));
        }
    }
}
