package dev.zeroimage.elf;

import dev.zeroimage.image.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static dev.zeroimage.elf.ElfInspectorFormatsTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 32-bit, big-endian and foreign-architecture files, which the test machine's compilers cannot produce. */
class ElfInspectorSyntheticTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}-bit {1} e_machine {2} -> {3}")
    @CsvSource({
            "64, LSB, 62, linux/amd64",
            "64, LSB, 183, linux/arm64/v8",
            "32, LSB, 40, linux/arm/v7",
            "32, LSB, 3, linux/386",
            "64, LSB, 243, linux/riscv64",
            "64, LSB, 21, linux/ppc64le",
            "64, MSB, 21, linux/ppc64",
            "64, MSB, 22, linux/s390x",
            "64, LSB, 8, linux/mips64le",
            "32, MSB, 8, linux/mips",
            "64, LSB, 258, linux/loong64",
    })
    void platformOfEachSupportedArchitecture(int elfClass, String order, int machine, String platform) {
        SyntheticElf elf = new SyntheticElf().elfClass(elfClass).machine(machine);
        if (order.equals("MSB")) {
            elf.bigEndian();
        }
        ElfInfo info = ElfInspector.inspect(elf.write(dir.resolve("app")));

        assertEquals(elfClass, info.elfClass());
        assertEquals(order.equals("LSB"), info.littleEndian());
        assertEquals(machine, info.machine());
        assertEquals(Platform.parse(platform), info.platform());
        assertEquals(platform, info.platform().toString());
    }

    @Test
    void dynamic32BitArmExecutable() {
        Path file = new SyntheticElf().elfClass(32).machine(ElfMachines.EM_ARM).type(ElfInfo.ET_DYN)
                .interpreter("/lib/ld-linux-armhf.so.3").needed("libm.so.6", "libc.so.6").write(dir.resolve("app"));

        ElfInfo info = ElfInspector.inspect(file);

        assertEquals("/lib/ld-linux-armhf.so.3", info.interpreter());
        assertEquals(List.of("libm.so.6", "libc.so.6"), info.neededLibraries());
        assertTrue(info.positionIndependent());
        assertEquals("ELF 32-bit LSB ARM dynamically linked pie executable (interpreter /lib/ld-linux-armhf.so.3)",
                info.describe());
    }

    @Test
    void dynamicBigEndianS390xExecutable() {
        Path file = new SyntheticElf().bigEndian().machine(ElfMachines.EM_S390)
                .interpreter("/lib/ld64.so.1").needed("libc.so.6").write(dir.resolve("app"));

        ElfInfo info = ElfInspector.inspect(file);

        assertFalse(info.littleEndian());
        assertEquals("/lib/ld64.so.1", info.interpreter());
        assertEquals(List.of("libc.so.6"), info.neededLibraries());
        assertEquals("ELF 64-bit MSB IBM S/390 dynamically linked executable (interpreter /lib/ld64.so.1)",
                info.describe());
    }

    @Test
    void staticPieRecognisedByPieFlag() {
        Path file = new SyntheticElf().type(ElfInfo.ET_DYN).entry(0).flags1(0x08000000L).write(dir.resolve("app"));

        ElfInfo info = ElfInspector.inspect(file);

        assertNull(info.interpreter());
        assertTrue(info.positionIndependent());
        assertEquals("ELF 64-bit LSB x86-64 static-pie executable", info.describe());
    }

    @Test
    void staticPieRecognisedByEntryPoint() {
        ElfInfo info = ElfInspector.inspect(new SyntheticElf().type(ElfInfo.ET_DYN).write(dir.resolve("app")));

        assertTrue(info.positionIndependent());
        assertFalse(info.isDynamicallyLinked());
    }

    @Test
    void sharedLibraryWithoutEntryPointOrPieFlag() {
        Path file = new SyntheticElf().type(ElfInfo.ET_DYN).entry(0).write(dir.resolve("libx.so"));
        assertRejected(file, "is an ELF shared library");
    }

    @Test
    void sharedLibraryWithEntryPointThatNeedsLibrariesButHasNoInterpreter() {
        // Older linkers give libraries an entry point; without an interpreter their DT_NEEDED could never load.
        Path file = new SyntheticElf().type(ElfInfo.ET_DYN).needed("libc.so.6").write(dir.resolve("libICE.so.6"));
        assertRejected(file, "is an ELF shared library");
    }

    @Test
    void coreDump() {
        assertRejected(new SyntheticElf().type(4).write(dir.resolve("core")), "is an ELF core dump");
    }

    @Test
    void unknownElfType() {
        assertRejected(new SyntheticElf().type(0xfe00).write(dir.resolve("app")), "ELF file of type 0xfe00");
    }

    @Test
    void freeBsdExecutable() {
        String message = assertRejected(new SyntheticElf().osAbi(9).write(dir.resolve("app")), "for FreeBSD");
        assertTrue(message.contains("cross-compile it for Linux"), message);
    }

    @Test
    void unsupportedArchitectureNamesTheMachine() {
        String message = assertRejected(new SyntheticElf().machine(43).write(dir.resolve("app")),
                "64-bit LSB SPARC V9 (e_machine 43)");
        assertTrue(message.contains("cross-compile"), message);
    }

    @Test
    void x32AbiIsUnsupported() {
        assertRejected(new SyntheticElf().elfClass(32).write(dir.resolve("app")), "32-bit LSB x86-64 (e_machine 62)");
    }

    @Test
    void platformOfAnUnsupportedRecordIsAnError() {
        ElfInfo info = new ElfInfo(Path.of("app"), 64, true, 2, ElfInfo.ET_EXEC, null, null, false);

        assertEquals(List.of(), info.neededLibraries());
        NotAnExecutableException e = assertThrows(NotAnExecutableException.class, info::platform);
        assertTrue(e.getMessage().contains("SPARC (e_machine 2)"), e.getMessage());
    }
}
