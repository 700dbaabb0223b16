package dev.zeroimage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zeroimage.testing.ExternalTools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Compiling test programs and checking images with independent tools: skopeo, umoci, runc. */
final class ImageTools {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private ImageTools() {
    }

    /** Compiles a C program printing {@code message} with {@code compiler -static}. */
    static Path compileStatic(String compiler, Path dir, String name, String message) throws Exception {
        ExternalTools.require(compiler);
        Files.createDirectories(dir);
        Path source = Files.writeString(dir.resolve(name + ".c"),
                "#include <stdio.h>\nint main(void) { puts(\"" + message + "\"); return 0; }\n");
        Path output = dir.resolve(name);
        run(List.of(compiler, "-static", "-O2", "-o", output.toString(), source.toString()));
        return output;
    }

    /** Runs a command; fails the test with its output unless it exits 0; returns stdout. */
    static String run(List<String> command) throws Exception {
        ExternalTools.require(command.get(0));
        ExternalTools.SeparateResult result = ExternalTools.runSeparately(TIMEOUT, null, Map.of(), command);
        if (result.exitCode() != 0) {
            fail(String.join(" ", command) + " failed with exit code " + result.exitCode() + ":\n"
                    + result.stdout() + result.stderr());
        }
        return result.stdout();
    }

    static JsonNode skopeoInspect(String transportAndRef, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "inspect"));
        command.addAll(List.of(options));
        command.add(transportAndRef);
        return JSON.readTree(run(command));
    }

    /**
     * Extracts the image tar, unpacks {@code ref} with umoci (the strict check: digests, sizes, media
     * types, diff_ids) and runs its entrypoint with runc; returns what it printed.
     */
    static String runImage(Path imageTar, String ref, Path work) throws Exception {
        ExternalTools.requireThat("root".equals(System.getProperty("user.name")), "root, to run the image with runc");
        Path layout = Files.createDirectories(work.resolve("layout"));
        run(List.of("tar", "-xf", imageTar.toString(), "-C", layout.toString()));
        Path bundle = work.resolve("bundle");
        run(List.of("umoci", "unpack", "--image", layout + ":" + ref, bundle.toString()));
        Path config = bundle.resolve("config.json");
        ObjectNode runtime = (ObjectNode) JSON.readTree(config.toFile());
        ((ObjectNode) runtime.path("process")).put("terminal", false);
        JSON.writeValue(config.toFile(), runtime);
        ExternalTools.require("runc");
        String id = "zeroimage-cli-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        ExternalTools.ProcessResult result = ExternalTools.run(Duration.ofSeconds(30),
                List.of("runc", "run", "-b", bundle.toString(), id));
        assertEquals(0, result.exitCode(), "runc run failed:\n" + result.output());
        return result.output();
    }

    /** The uid the unpacked runtime config runs as (after runImage). */
    static int bundleUid(Path work) throws Exception {
        return JSON.readTree(work.resolve("bundle/config.json").toFile()).path("process").path("user").path("uid").asInt();
    }
}
