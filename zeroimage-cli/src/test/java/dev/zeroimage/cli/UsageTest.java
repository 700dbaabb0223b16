package dev.zeroimage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exit codes and messages that need nothing but the JDK: usage errors (2), failures (1), help and version (0). */
class UsageTest {
    @TempDir
    Path home;

    @Test
    void usageErrorsExit2WithPicocliMessageAndUsage() {
        CliRun missing = CliRun.run(home, "build");
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().contains("Missing required parameter: 'ENTRYPOINT'"), missing.toString());
        assertTrue(missing.stderr().contains("Usage: zeroimage build"), missing.toString());

        CliRun unknown = CliRun.run(home, "build", "--frmo", "static", "app");
        assertEquals(2, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.stderr().contains("Unknown option: '--frmo'"), unknown.toString());

        CliRun noPush = CliRun.run(home, "check-auth");
        assertEquals(2, noPush.exitCode(), noPush.toString());
        assertTrue(noPush.stderr().contains("Missing required option: '--push=IMAGE'"), noPush.toString());

        CliRun noCommand = CliRun.run(home);
        assertEquals(2, noCommand.exitCode(), noCommand.toString());
        CliRun badCommand = CliRun.run(home, "bulid", "app");
        assertEquals(2, badCommand.exitCode(), badCommand.toString());

        CliRun badTimeout = CliRun.run(home, "check-auth", "--push", "127.0.0.1:1/a:1", "--http-timeout", "soon");
        assertEquals(2, badTimeout.exitCode(), badTimeout.toString());
        assertTrue(badTimeout.stderr().contains("'soon' is not a duration"), badTimeout.toString());
    }

    @Test
    void failuresExit1WithOneMessageAndNoStackTrace() throws Exception {
        Path notElf = Files.writeString(home.resolve("script.sh"), "#!/bin/sh\necho hi\n");
        CliRun run = CliRun.run(home, "build", notElf.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stderr().startsWith("zeroimage: "), run.toString());
        assertTrue(run.stderr().contains(notElf.toString()), run.toString());
        assertFalse(run.stderr().contains("\tat "), "a stack trace without --debug:\n" + run);
        assertEquals(1, run.stderr().strip().lines().count(), run.toString());
        assertFalse(Files.exists(home.resolve("script.sh.tar")), "a failed build left an archive");

        CliRun debug = CliRun.run(home, "build", "--debug", notElf.toString());
        assertEquals(1, debug.exitCode(), debug.toString());
        assertTrue(debug.stderr().contains("\tat "), "--debug prints the stack trace:\n" + debug);
    }

    @Test
    void aSecondEntrypointThatIsNoExecutableIsNamed() throws Exception {
        Path a = dev.zeroimage.elf.TestExecutables.staticAmd64(Files.createDirectories(home.resolve("one")).resolve("app"));
        Path b = Files.writeString(Files.createDirectories(home.resolve("two")).resolve("app"), "x");
        CliRun run = CliRun.run(home, "build", a.toString(), b.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains(b.toString()), run.toString());
        assertFalse(Files.exists(Path.of(a + ".tar")), "a failed build left an archive");
    }

    @Test
    void pushTargetsMustNameARegistry() {
        CliRun run = CliRun.run(home, "check-auth", "--push", "app:1");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("--push 'app:1' names no registry"), run.toString());
    }

    @Test
    void helpAndVersion() {
        CliRun help = CliRun.run(home, "help", "build");
        assertEquals(0, help.exitCode(), help.toString());
        for (String flag : new String[]{"--from", "--from-archive", "--platform", "--output", "--push", "--static",
                "--entrypoint-path", "--arg", "--env", "--label", "--port", "--volume", "--workdir", "--user", "--add",
                "--libraries", "--sysroot", "--format", "--compression", "--compression-level", "--creation-time",
                "--tag", "--image-name", "--insecure-registry", "--ca-cert", "--cache-dir", "--offline",
                "--http-timeout", "--digest-file", "--metadata-file"}) {
            assertTrue(help.stdout().contains(flag), flag + " missing from build's help:\n" + help.stdout());
        }
        CliRun version = CliRun.run(home, "version");
        assertEquals(0, version.exitCode(), version.toString());
        assertTrue(version.stdout().matches("zeroimage \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .*\\)\\s*"), version.toString());
        CliRun flag = CliRun.run(home, "--version");
        assertEquals(0, flag.exitCode(), flag.toString());
        assertTrue(flag.stdout().startsWith("zeroimage "), flag.toString());
        CliRun loginHelp = CliRun.run(home, "login", "--help");
        assertEquals(0, loginHelp.exitCode(), loginHelp.toString());
        assertTrue(loginHelp.stdout().contains("--password-stdin"), loginHelp.toString());
    }

    @Test
    void logoutWithoutALoginSaysSo() {
        CliRun run = CliRun.run(home, "logout", "https://registry.example:5000/");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("There was no login for registry.example:5000 in "), run.toString());
    }
}
