package dev.zeroimage.elf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.zeroimage.elf.ElfInspectorFormatsTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** DT_SONAME, DT_RUNPATH/DT_RPATH and symbol versions of synthetic files of every class and byte order. */
class ElfDynamicDetailsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}-bit big-endian={1}")
    @CsvSource({"64, false", "32, false", "64, true", "32, true"})
    void readsSonameSearchPathsAndVersionsInEveryLayout(int elfClass, boolean bigEndian) {
        SyntheticElf elf = new SyntheticElf().elfClass(elfClass).type(ElfInfo.ET_DYN).machine(ElfMachines.EM_MIPS)
                .interpreter("/lib/ld.so.1").needed("libz.so.1", "libc.so.6").soname("libapp.so.2")
                .runpath("$ORIGIN/lib::/opt/app/lib").rpath("/old")
                .needsVersions("libc.so.6", "GLIBC_2.34", "GLIBC_2.2.5")
                .needsVersions("libz.so.1", "ZLIB_1.2.9")
                .definesVersions("APP_1.0", "APP_2.0");
        if (bigEndian) {
            elf.bigEndian();
        }
        ElfInfo info = ElfInspector.inspectLibrary(elf.write(dir.resolve("libapp.so.2")));

        assertEquals("libapp.so.2", info.soname());
        assertEquals(List.of("$ORIGIN/lib", "/opt/app/lib"), info.runpath());
        assertEquals(List.of("/old"), info.rpath());
        assertEquals(List.of(new VersionNeed("libc.so.6", List.of("GLIBC_2.34", "GLIBC_2.2.5")),
                new VersionNeed("libz.so.1", List.of("ZLIB_1.2.9"))), info.versionNeeds());
        assertEquals(List.of("GLIBC_2.34", "GLIBC_2.2.5"), info.versionsNeededFrom("libc.so.6"));
        assertEquals(List.of(), info.versionsNeededFrom("libm.so.6"));
        assertEquals(List.of("APP_1.0", "APP_2.0"), info.versionDefinitions(), "the base entry (soname) is left out");
        assertEquals(new ElfIdentity(elfClass, !bigEndian, ElfMachines.EM_MIPS), info.identity());
    }

    @Test
    void aSharedLibraryIsRejectedAsExecutableButReadAsLibrary() {
        Path file = new SyntheticElf().type(ElfInfo.ET_DYN).entry(0).soname("libx.so.1").needed("libc.so.6")
                .write(dir.resolve("libx.so.1"));
        assertRejected(file, "is an ELF shared library, not an executable");
        ElfInfo info = ElfInspector.inspectLibrary(file);
        assertNull(info.interpreter());
        assertEquals(List.of("libc.so.6"), info.neededLibraries());
        assertEquals("libx.so.1", info.soname());
    }

    @Test
    void withoutDynamicDetailsTheListsAreEmpty() {
        ElfInfo info = ElfInspector.inspect(new SyntheticElf().write(dir.resolve("app")));
        assertNull(info.soname());
        assertEquals(List.of(), info.runpath());
        assertEquals(List.of(), info.versionNeeds());
        assertEquals(List.of(), info.versionDefinitions());
    }

    @Test
    void aVersionTableOutsideEverySegmentIsCorrupt() throws Exception {
        Path file = new SyntheticElf().interpreter("/lib/ld.so").needed("libc.so.6")
                .needsVersions("libc.so.6", "GLIBC_2.17").write(dir.resolve("app"));
        byte[] bytes = Files.readAllBytes(file);
        // DT_VERNEED's value: find the tag and point it far beyond the file.
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 16 <= bytes.length; at += 8) {
            if (b.getLong(at) == 0x6ffffffeL) {
                b.putLong(at + 8, 0x7fff_0000L);
            }
        }
        Files.write(file, bytes);
        NotAnExecutableException e = assertThrows(NotAnExecutableException.class, () -> ElfInspector.inspect(file));
        assertEquals(true, e.getMessage().contains("version needs (DT_VERNEED)"), e.getMessage());
    }

    @Test
    void identityOfHeadBytes() {
        byte[] head = new SyntheticElf().elfClass(32).machine(ElfMachines.EM_ARM).build();
        assertEquals(new ElfIdentity(32, true, ElfMachines.EM_ARM), ElfIdentity.of(java.util.Arrays.copyOf(head, 20)));
        assertNull(ElfIdentity.of("!<arch>\nnot an elf file".getBytes()));
        assertNull(ElfIdentity.of(new byte[4]));
    }
}
