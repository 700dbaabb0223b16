package dev.zeroimage.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the command in-process, as {@code main} would, with its own environment, stdin and home. */
record CliRun(int exitCode, String stdout, String stderr) {

    static CliRun run(Path home, Map<String, String> environment, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("DOCKER_CONFIG", home.resolve(".docker").toString());
        env.putIfAbsent("XDG_CACHE_HOME", home.resolve(".cache").toString());
        CliContext context = new CliContext(Map.copyOf(env),
                new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                home, false);
        int code = ZeroImageCli.execute(context, args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static CliRun run(Path home, String... args) {
        return run(home, Map.of(), null, args);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
