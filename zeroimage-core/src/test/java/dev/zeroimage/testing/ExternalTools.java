package dev.zeroimage.testing;

import org.opentest4j.TestAbortedException;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Finds and runs the external programs that the integration tests use (docker-registry, skopeo,
 * umoci, openssl, htpasswd, ...).
 *
 * <p>A missing tool skips the test on a developer machine but fails it in CI (system property
 * {@code zeroimage.ci=true}, which surefire sets from {@code $CI}), where the tools must be installed.
 */
public final class ExternalTools {
    private static final Map<String, String> DEBIAN_PACKAGES = Map.ofEntries(
            Map.entry("docker-registry", "docker-registry"),
            Map.entry("skopeo", "skopeo"),
            Map.entry("umoci", "umoci"),
            Map.entry("openssl", "openssl"),
            Map.entry("htpasswd", "apache2-utils"),
            Map.entry("keytool", "openjdk-17-jdk-headless"),
            Map.entry("runc", "runc"),
            Map.entry("crun", "crun"),
            Map.entry("podman", "podman"),
            Map.entry("bwrap", "bubblewrap"),
            Map.entry("busybox", "busybox-static"),
            Map.entry("gcc", "gcc"),
            Map.entry("musl-gcc", "musl-tools"),
            Map.entry("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu libc6-dev-arm64-cross"),
            Map.entry("qemu-aarch64-static", "qemu-user-static"),
            Map.entry("jq", "jq"),
            Map.entry("curl", "curl"));

    private ExternalTools() {
    }

    /** The result of {@link #run}: exit code and stdout and stderr interleaved. */
    public record ProcessResult(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** The result of {@link #runSeparately}: exit code, stdout and stderr kept apart. */
    public record SeparateResult(int exitCode, String stdout, String stderr) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /**
     * Returns normally if {@code name} is an executable on {@code PATH}. Otherwise fails the test
     * (AssertionError) when {@code zeroimage.ci} is {@code "true"}, or aborts it (reported as skipped)
     * with a {@link TestAbortedException} whose message contains {@code "not installed: <name>"}.
     */
    public static void require(String name) {
        if (find(name) != null) {
            return;
        }
        String pkg = debianPackage(name);
        if ("true".equalsIgnoreCase(System.getProperty("zeroimage.ci"))) {
            throw new AssertionError("External tool not installed: " + name
                    + "; CI must install it: apt-get install -y " + pkg);
        }
        throw new TestAbortedException("Skipped, external tool not installed: " + name
                + " (Debian package: " + pkg + ")");
    }

    /**
     * Returns normally when {@code condition} holds (root, an amd64 host…). Otherwise fails the test
     * under CI, which provides all of it, and skips it by name elsewhere.
     */
    public static void requireThat(boolean condition, String what) {
        if (condition) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getProperty("zeroimage.ci"))) {
            throw new AssertionError("CI must provide: " + what);
        }
        throw new TestAbortedException("Skipped, this machine does not provide: " + what);
    }

    /** Whether {@code name} is an executable on {@code PATH}. */
    public static boolean isInstalled(String name) {
        return find(name) != null;
    }

    /** The Debian package that provides {@code tool} (the tool's name when unknown). */
    public static String debianPackage(String tool) {
        return DEBIAN_PACKAGES.getOrDefault(tool, tool);
    }

    /** The executable {@code name} on {@code PATH}, or null. */
    public static Path find(String name) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
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

    /**
     * Runs {@code command} with stdin from /dev/null, capturing stdout and stderr combined. If it has
     * not finished after {@code timeout} it is killed (with its descendants) and a
     * {@link TimeoutException} carrying the output so far is thrown.
     */
    public static ProcessResult run(Duration timeout, List<String> command) throws Exception {
        return run(timeout, null, Map.of(), command);
    }

    /** {@link #run(Duration, List)} in {@code directory} (null: inherit) with extra environment variables. */
    public static ProcessResult run(Duration timeout, Path directory, Map<String, String> environment,
                                    List<String> command) throws Exception {
        ProcessBuilder builder = builder(directory, environment, command).redirectErrorStream(true);
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = drain(process.getInputStream(), output, command);
        waitFor(process, timeout, command, output, null, reader);
        return new ProcessResult(process.exitValue(), output.toString(StandardCharsets.UTF_8));
    }

    /** Like {@link #run(Duration, Path, Map, List)} but keeps stdout and stderr apart. */
    public static SeparateResult runSeparately(Duration timeout, Path directory, Map<String, String> environment,
                                               List<String> command) throws Exception {
        Process process = builder(directory, environment, command).start();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread outReader = drain(process.getInputStream(), stdout, command);
        Thread errReader = drain(process.getErrorStream(), stderr, command);
        waitFor(process, timeout, command, stdout, stderr, outReader, errReader);
        return new SeparateResult(process.exitValue(), stdout.toString(StandardCharsets.UTF_8),
                stderr.toString(StandardCharsets.UTF_8));
    }

    /** Kills {@code process} and its descendants: SIGTERM, then SIGKILL after {@code grace}. */
    static void kill(Process process, Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static ProcessBuilder builder(Path directory, Map<String, String> environment, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(environment);
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return builder;
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream sink, List<String> command) {
        Thread thread = new Thread(() -> {
            try (in) {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    sink.write(buffer, 0, n);
                }
            } catch (IOException ignored) {
                // the process was killed or closed its output
            }
        }, "output of " + command.get(0));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void waitFor(Process process, Duration timeout, List<String> command,
                                ByteArrayOutputStream out, ByteArrayOutputStream err, Thread... readers)
            throws Exception {
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process, Duration.ofMillis(200));
            throw e;
        }
        if (!finished) {
            kill(process, Duration.ofMillis(500));
            for (Thread reader : readers) {
                reader.join(1000);
            }
            throw new TimeoutException(String.join(" ", command) + " did not finish within " + timeout
                    + " and was killed; output so far:\n" + out.toString(StandardCharsets.UTF_8)
                    + (err == null ? "" : err.toString(StandardCharsets.UTF_8)));
        }
        // A grandchild that inherited the pipe could keep it open: do not wait for it forever.
        for (Thread reader : readers) {
            reader.join(5000);
        }
    }
}
