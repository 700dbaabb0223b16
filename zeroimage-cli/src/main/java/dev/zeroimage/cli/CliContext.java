package dev.zeroimage.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a run of the command sees of the outside world, so tests can run it in-process: the
 * environment, the standard streams, the home directory, and whether stderr is a terminal.
 */
record CliContext(Map<String, String> environment, InputStream in, PrintStream out, PrintStream err, Path home,
                  boolean stderrIsTerminal) {

    static CliContext system() {
        // The launcher knows whether stderr is a terminal ([ -t 2 ]); without it, a console means one.
        String tty = System.getProperty("zeroimage.stderr.tty");
        boolean terminal = tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
        return new CliContext(System.getenv(), System.in, System.out, System.err,
                Path.of(System.getProperty("user.home")), terminal);
    }
}
