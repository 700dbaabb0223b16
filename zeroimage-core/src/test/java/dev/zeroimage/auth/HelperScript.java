package dev.zeroimage.auth;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake Docker credential helper {@code docker-credential-NAME}: a shell script in its own
 * directory, which the test puts first on the {@code PATH} of the environment given to the code under
 * test. {@code get} answers from a fixed table keyed by the server URL it reads on stdin; {@code store}
 * and {@code erase} only append what they received to {@link #log()}, as {@code get} does.
 */
final class HelperScript {
    private final Path directory;
    private final Path log;
    private final String name;

    private HelperScript(Path directory, String name) {
        this.directory = directory;
        this.log = directory.resolve("helper.log");
        this.name = name;
    }

    /**
     * Writes {@code dir/docker-credential-NAME}. {@code logins} maps server URLs to {username, secret}.
     * Values must not contain single quotes.
     */
    static HelperScript write(Path dir, String name, Map<String, String[]> logins) throws IOException {
        Files.createDirectories(dir);
        HelperScript helper = new HelperScript(dir, name);
        StringBuilder script = new StringBuilder();
        script.append("#!/bin/sh\n");
        script.append("input=$(cat)\n");
        script.append("printf '%s %s\\n' \"$1\" \"$input\" >> '").append(helper.log).append("'\n");
        script.append("case \"$1\" in\n");
        script.append("get)\n");
        script.append("  case \"$input\" in\n");
        for (Map.Entry<String, String[]> login : logins.entrySet()) {
            script.append("  '").append(login.getKey()).append("')\n");
            script.append("    printf '{\"ServerURL\":\"%s\",\"Username\":\"%s\",\"Secret\":\"%s\"}\\n' \"$input\" '")
                    .append(login.getValue()[0]).append("' '").append(login.getValue()[1]).append("' ;;\n");
        }
        script.append("  *) echo 'credentials not found in native keychain'; exit 1 ;;\n");
        script.append("  esac ;;\n");
        script.append("store|erase) ;;\n");
        script.append("*) echo \"unknown action $1\" >&2; exit 2 ;;\n");
        script.append("esac\n");
        helper.writeScript(script.toString());
        return helper;
    }

    /** Writes a helper with an arbitrary script body (after the shebang). */
    static HelperScript custom(Path dir, String name, String body) throws IOException {
        Files.createDirectories(dir);
        HelperScript helper = new HelperScript(dir, name);
        helper.writeScript("#!/bin/sh\n" + body);
        return helper;
    }

    private void writeScript(String text) throws IOException {
        Path script = directory.resolve("docker-credential-" + name);
        Files.writeString(script, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The JVM's environment with the helper's directory first on PATH. */
    Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(System.getenv());
        String path = System.getenv("PATH");
        environment.put("PATH", directory + (path == null ? "" : File.pathSeparator + path));
        return environment;
    }

    /** Each call as "ACTION INPUT", in order. */
    List<String> log() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    Path directory() {
        return directory;
    }

    static Map<String, String[]> logins(String... serverUserSecret) {
        Map<String, String[]> logins = new LinkedHashMap<>();
        for (int i = 0; i + 2 < serverUserSecret.length; i += 3) {
            logins.put(serverUserSecret[i], new String[] {serverUserSecret[i + 1], serverUserSecret[i + 2]});
        }
        return logins;
    }
}
