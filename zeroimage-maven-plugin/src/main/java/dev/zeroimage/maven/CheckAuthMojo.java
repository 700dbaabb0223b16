package dev.zeroimage.maven;

import dev.zeroimage.auth.RememberedCredentials;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.registry.PushAccessCheck;
import dev.zeroimage.registry.RegistryNames;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Checks that the credentials can push to {@code image} (and its {@code tags}) before a long native
 * build needs them: a push-scoped token, then a blob upload opened and cancelled. No default phase:
 * bind it to {@code validate} in a release profile.
 */
@Mojo(name = "check-auth", threadSafe = true)
public class CheckAuthMojo extends AbstractZeroImageMojo {

    /** Where the image will be pushed: a reference that names a registry. */
    @Parameter(property = "zeroimage.image", defaultValue = "${project.artifactId}:${project.version}")
    private String image;

    /** More tags the push will write (in the same repository). */
    @Parameter(property = "zeroimage.tags")
    private List<String> tags;

    @Parameter(alias = "toAuth")
    private Auth auth;

    /** Jib-style {@code <to><auth>…</auth></to>}, the same as {@code <auth>}. */
    @Parameter
    private To to;

    @Parameter(property = "zeroimage.skip", defaultValue = "false")
    private boolean skip;

    @Override
    protected void run() throws MojoFailureException, IOException {
        if (skip) {
            getLog().info("zeroimage:check-auth skipped (zeroimage.skip)");
            return;
        }
        ImageReference target = RegistryNames.pushTarget(image, "image (zeroimage.image)");
        PushAccessCheck check = new PushAccessCheck(registryOptions(
                new RememberedCredentials(credentials(targetAuth(auth, to), "auth", serverId))));
        PushAccessCheck.Result result = check.check(target, image);
        if (!result.canPush()) {
            throw new MojoFailureException(result.message());
        }
        getLog().info(result.message());
        // Push access is granted per repository: the check answers for every tag in it.
        if (tags != null) {
            for (String tag : new LinkedHashSet<>(tags)) {
                if (tag != null && !tag.isBlank()) {
                    getLog().info("OK: can push to " + target.withTag(tag.trim()));
                }
            }
        }
    }
}
