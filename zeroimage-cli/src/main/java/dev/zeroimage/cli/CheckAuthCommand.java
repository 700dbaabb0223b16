package dev.zeroimage.cli;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.registry.PushAccessCheck;
import dev.zeroimage.registry.RegistryNames;
import dev.zeroimage.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** Checks that the credentials can push to an image, before a long build needs it. */
@Command(name = "check-auth", mixinStandardHelpOptions = true,
        description = "Check that the credentials can push to IMAGE: a push-scoped token, then a blob upload"
                + " opened and cancelled. Prints OK: can push to IMAGE, or the reason.")
final class CheckAuthCommand implements Callable<Integer> {
    @ParentCommand
    ZeroImageCli top;

    @Option(names = "--push", paramLabel = "IMAGE", required = true,
            description = "The image to check, naming its registry: ghcr.io/org/app:1.0.")
    String image;

    @Mixin
    CredentialFlags credentialFlags;

    @Mixin
    RegistryFlags registryFlags;

    @Override
    public Integer call() throws Exception {
        Output output = top.output();
        ImageReference target = RegistryNames.pushTarget(image, "--push");
        PushAccessCheck.Result result = new PushAccessCheck(registryFlags.options(
                credentialFlags.source(top.context, target.registry(), output::info), Progress.NONE))
                .check(target, image);
        if (!result.canPush()) {
            throw new ZeroImageException(result.message());
        }
        output.result(result.message());
        return 0;
    }
}
