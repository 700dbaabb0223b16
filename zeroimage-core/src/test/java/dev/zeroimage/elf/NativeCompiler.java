package dev.zeroimage.elf;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The one helper that compiles test programs: C sources from the test resources (or given as text)
 * into real executables at test time, so no binary is committed. A missing compiler skips the test on
 * a developer machine but fails it in CI (system property {@code zeroimage.ci=true}), where the tools
 * must be installed.
 */
public final class NativeCompiler {
    private static final Map<String, String> DEBIAN_PACKAGES = Map.of(
            "gcc", "gcc",
            "musl-gcc", "musl-tools",
            "aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu libc6-dev-arm64-cross");

    private NativeCompiler() {
    }

    /**
     * Runs {@code compiler} on the resource {@code elf/<source>} with {@code options}, writing
     * {@code dir/<output>}, and returns the output path.
     */
    static Path compile(String compiler, Path dir, String source, String output, String... options) {
        return compileResource(compiler, dir, "elf/" + source, output, options);
    }

    /** Compiles the test resource {@code resource} (such as {@code base/hello.c}) into {@code dir/<output>}. */
    public static Path compileResource(String compiler, Path dir, String resource, String output, String... options) {
        return compileFile(compiler, dir, copyResource(resource, dir), output, options);
    }

    /** Compiles a C program given as text ({@code dir/<output>.c}) into {@code dir/<output>}. */
    public static Path compileText(String compiler, Path dir, String source, String output, String... options) {
        try {
            Files.createDirectories(dir);
            return compileFile(compiler, dir, Files.writeString(dir.resolve(output + ".c"), source), output, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path compileFile(String compiler, Path dir, Path sourceFile, String output, String... options) {
        Path executable = find(compiler);
        if (executable == null) {
            String message = compiler + " is not installed (Debian packages: " + packageOf(compiler) + ")";
            if ("true".equalsIgnoreCase(System.getProperty("zeroimage.ci"))) {
                fail(message + ": CI must install it, for example apt-get install -y " + packageOf(compiler));
            }
            Assumptions.abort("Skipped: " + message);
        }
        Path outputFile = dir.resolve(output);
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(options));
        command.addAll(List.of("-o", outputFile.toString(), sourceFile.toString()));
        run(command, compiler, dir);
        return outputFile;
    }

    private static void run(List<String> command, String compiler, Path dir) {
        try {
            // Output goes to a file, not a pipe, so a hung compiler cannot block us past the timeout.
            Path log = Files.createTempFile(dir, "compiler", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                fail(String.join(" ", command) + " failed with exit code " + process.exitValue()
                        + " (are the Debian packages " + packageOf(compiler) + " complete?):\n"
                        + new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String packageOf(String compiler) {
        return DEBIAN_PACKAGES.getOrDefault(compiler, compiler);
    }

    private static Path copyResource(String resource, Path dir) {
        Path target = dir.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = NativeCompiler.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + resource + " is missing");
            }
            Files.createDirectories(dir);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
