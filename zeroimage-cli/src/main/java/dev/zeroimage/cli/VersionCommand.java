package dev.zeroimage.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version.")
final class VersionCommand implements Runnable {
    @ParentCommand
    ZeroImageCli top;

    @Override
    public void run() {
        top.context.out().println("zeroimage " + ZeroImageCli.version() + " (Java " + Runtime.version() + ")");
    }
}
