package dev.zeroimage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.elf.TestExecutables;
import dev.zeroimage.image.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --libraries and --sysroot reach the core's library step (synthetic executables: nothing but the JDK). */
class LibraryFlagsTest {
    private static final String LOADER = "/lib64/ld-linux-x86-64.so.2";

    @TempDir
    Path home;

    @Test
    void aDynamicExecutableIsRefusedByDefaultAndAcceptedWithLibrariesIgnore() throws Exception {
        Path program = TestExecutables.dynamicAmd64(home.resolve("app"), LOADER, "libc.so.6");
        CliRun refused = CliRun.run(home, "build", program.toString());
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.stderr().contains("set libraries=bundle"), refused.toString());
        assertFalse(refused.stderr().contains("-Dzeroimage"), "the CLI speaks no Maven:\n" + refused);
        assertFalse(Files.exists(home.resolve("app.tar")));

        Path metadata = home.resolve("image.json");
        CliRun ignored = CliRun.run(home, "build", "--libraries", "ignore", "--metadata-file", metadata.toString(),
                program.toString());
        assertEquals(0, ignored.exitCode(), ignored.toString());
        assertTrue(ignored.stdout().contains(LOADER) || ignored.stderr().contains(LOADER), ignored.toString());
        JsonNode report = Json.mapper().readTree(metadata.toFile());
        assertEquals("linux/amd64", report.get("platform").asText());
        assertTrue(Files.isRegularFile(home.resolve("app.tar")));
    }

    @Test
    void aBadModeNamesTheFlag() throws Exception {
        Path program = TestExecutables.dynamicAmd64(home.resolve("app"), LOADER, "libc.so.6");
        CliRun run = CliRun.run(home, "build", "--libraries", "copy", program.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("Invalid --libraries: "), run.toString());
    }

    @Test
    void aSysrootThatIsNoDirectoryIsNamed() throws Exception {
        Path program = TestExecutables.dynamicAmd64(home.resolve("app"), LOADER, "libc.so.6");
        Path notADirectory = Files.writeString(home.resolve("root.txt"), "x");
        CliRun run = CliRun.run(home, "build", "--libraries", "bundle", "--sysroot", notADirectory.toString(),
                program.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("The sysroot " + notADirectory + " (sysroot) is not a directory"),
                run.toString());
    }
}
