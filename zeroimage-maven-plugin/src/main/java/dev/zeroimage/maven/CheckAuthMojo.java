package dev.zeroimage.maven;

import dev.zeroimage.auth.RememberedCredentials;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.registry.PushAccessCheck;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

import java.io.IOException;
import java.util.LinkedHashSet;

/**
 * Checks that the credentials can push to {@code image} (and its {@code tags}) before a long native
 * build needs them: a push-scoped token, then a blob upload opened and cancelled. No default phase:
 * bind it to {@code validate} in a release profile.
 */
@Mojo(name = "check-auth", threadSafe = true)
public class CheckAuthMojo extends AbstractImageMojo {

    @Override
    protected String goal() {
        return "check-auth";
    }

    @Override
    protected void run() throws MojoFailureException, IOException {
        ImageReference target = pushTarget();
        PushAccessCheck check = new PushAccessCheck(registryOptions(
                new RememberedCredentials(credentials(targetAuth(), "auth", serverId))));
        PushAccessCheck.Result result = check.check(target, image);
        if (!result.canPush()) {
            throw new MojoFailureException(result.message());
        }
        getLog().info(result.message());
        // Push access is granted per repository: the check answers for every tag in it.
        if (!tags().isEmpty()) {
            for (String tag : new LinkedHashSet<>(tags())) {
                if (tag != null && !tag.isBlank()) {
                    getLog().info("OK: can push to " + target.withTag(tag.trim()));
                }
            }
        }
    }
}
