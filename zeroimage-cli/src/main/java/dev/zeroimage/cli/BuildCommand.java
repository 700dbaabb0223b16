package dev.zeroimage.cli;

import picocli.CommandLine.Command;

@Command(name = "build", mixinStandardHelpOptions = true, description = "Build an image from a native executable.")
final class BuildCommand implements Runnable {
    @Override
    public void run() {
        throw new dev.zeroimage.ZeroImageException("build is not implemented yet");
    }
}
