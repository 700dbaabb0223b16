package dev.zeroimage.cli;

import java.io.PrintStream;

/**
 * Where messages go: results (the summary line, "OK: …") on stdout, information on stderr, both
 * silenced by --quiet; debug lines on stderr with --debug. Errors are printed by the exception handler.
 */
final class Output {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean quiet;
    private final boolean debug;

    Output(PrintStream out, PrintStream err, boolean quiet, boolean debug) {
        this.out = out;
        this.err = err;
        this.quiet = quiet;
        this.debug = debug;
    }

    void result(String line) {
        if (!quiet) {
            out.println(line);
            out.flush();
        }
    }

    void info(String line) {
        if (!quiet) {
            err.println(line);
            err.flush();
        }
    }

    void debug(String line) {
        if (debug) {
            err.println(line);
            err.flush();
        }
    }

    boolean quiet() {
        return quiet;
    }
}
