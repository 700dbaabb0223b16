package dev.zeroimage.maven;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.elf.NativeCompiler;
import dev.zeroimage.image.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build mojo on a program compiled by gcc, bundling this machine's glibc (needs gcc and libc6). */
@Tag("real")
class BuildMojoRealTest {
    private final MojoHarness harness = new MojoHarness();
    @TempDir
    Path work;

    @BeforeEach
    void start() throws Exception {
        harness.start();
    }

    @AfterEach
    void stop() throws Exception {
        harness.stop();
    }

    private File compileDynamicHello() {
        return NativeCompiler.compileText("gcc", work, "#include <stdio.h>\nint main(void){puts(\"hello\");return 0;}\n",
                "hello-dynamic", "-O2").toFile();
    }

    @Test
    void librariesBundleLogsOneLineAndListsTheFilesInImageJson() throws Exception {
        BuildMojo mojo = harness.buildMojo(work, compileDynamicHello());
        harness.set(mojo, "libraries", "bundle");
        harness.set(mojo, "user", null);
        BuildMojoTest.CapturingLog log = new BuildMojoTest.CapturingLog();
        mojo.setLog(log);
        mojo.execute();
        String line = log.infos.stream().filter(i -> i.startsWith("Bundled ")).findFirst().orElse(null);
        assertNotNull(line, log.infos.toString());
        assertTrue(line.matches("Bundled 3 libraries \\([0-9.]+ [kM]B\\) from /: ld-linux-x86-64\\.so\\.2, libc\\.so\\.6, libgcc_s\\.so\\.1"), line);
        JsonNode files = Json.mapper().readTree(work.resolve("target/zeroimage/image.json").toFile()).get("libraries");
        assertEquals(3, files.size(), files.toString());
        assertEquals("/lib64/ld-linux-x86-64.so.2", files.get(0).get("path").asText());
        assertEquals("/lib/x86_64-linux-gnu/libc.so.6", files.get(1).get("path").asText());
        assertTrue(files.get(1).get("sha256").asText().matches("sha256:[0-9a-f]{64}"));
        assertTrue(files.get(1).get("source").asText().endsWith("libc.so.6"));
        assertEquals("libc6", files.get(1).get("debianPackage").asText());
        assertTrue(files.get(1).get("debianVersion").asText().length() > 0);
    }
}
