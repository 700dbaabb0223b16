package dev.zeroimage.cli;

import dev.zeroimage.ZeroImageException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The {@code zeroimage} command. Exit codes: 0 success, 1 failure (one message on stderr, a stack
 * trace only with --debug), 2 usage error (picocli's message and usage).
 */
@Command(name = "zeroimage", mixinStandardHelpOptions = true, versionProvider = ZeroImageCli.Version.class,
        description = "Minimal, reproducible OCI images from native executables, without Docker.",
        subcommands = {BuildCommand.class, IndexCommand.class, LoginCommand.class, LogoutCommand.class,
                CheckAuthCommand.class, VersionCommand.class, CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class})
public final class ZeroImageCli implements Runnable {
    final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print debug lines, and the stack trace of a failure.")
    boolean debug;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print nothing but errors.")
    boolean quiet;

    ZeroImageCli(CliContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        System.exit(execute(CliContext.system(), args));
    }

    /** Runs one command line; returns its exit code. */
    static int execute(CliContext context, String... args) {
        ZeroImageCli top = new ZeroImageCli(context);
        CommandLine commandLine = new CommandLine(top);
        // --arg --verbose: an image argument may look like one of our options.
        commandLine.setAllowOptionsAsOptionParameters(true);
        commandLine.setOut(new PrintWriter(context.out(), true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(context.err(), true, StandardCharsets.UTF_8));
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            context.err().println("zeroimage: " + describe(exception, failed.getCommandName()));
            if (top.debug) {
                exception.printStackTrace(context.err());
            }
            context.err().flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        try {
            return commandLine.execute(args);
        } finally {
            closeRegistryFlags(commandLine);
        }
    }

    /** Closes the transport of every command's registry flags (only the command that ran made one). */
    private static void closeRegistryFlags(CommandLine commandLine) {
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            for (CommandLine.Model.CommandSpec mixin : subcommand.getCommandSpec().mixins().values()) {
                if (mixin.userObject() instanceof RegistryFlags flags) {
                    flags.close();
                }
            }
        }
    }

    private static String describe(Exception exception, String command) {
        if (exception instanceof ZeroImageException) {
            return exception.getMessage();
        }
        if (exception instanceof IOException || exception instanceof UncheckedIOException) {
            return command + " failed: " + exception.getMessage();
        }
        return command + " failed: " + exception + " (run with --debug for the stack trace)";
    }

    /** What every command prints through. */
    Output output() {
        return new Output(context.out(), context.err(), quiet, debug);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: build, index, login, logout,"
                + " check-auth, version or help");
    }

    static String version() {
        try (InputStream in = ZeroImageCli.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"zeroimage " + version()};
        }
    }
}
