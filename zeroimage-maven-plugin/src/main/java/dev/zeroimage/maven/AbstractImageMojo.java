package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.build.BuildSummary;
import dev.zeroimage.build.ImageReport;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.registry.RegistryNames;
import dev.zeroimage.registry.ImagePusher;
import dev.zeroimage.registry.RegistryOptions;
import dev.zeroimage.registry.RegistryProbe;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.util.List;

/** The image goals, build and push: which image, its tags, the target's credentials, the attached tar. */
abstract class AbstractImageMojo extends AbstractRegistryMojo {

    /**
     * The image reference: recorded in the archive (index.json ref.name, manifest.json RepoTags) and
     * the push target, which must then name a registry. Jib's spelling: to/image.
     */
    @Parameter(property = "zeroimage.image", defaultValue = "${project.artifactId}:${project.version}")
    protected String image;

    /** More tags for the same manifest when pushing. Jib's spelling: to/tags. */
    @Parameter(property = "zeroimage.tags")
    protected List<String> tags;

    /**
     * Credentials for the target registry: username with passwordEnvironment (the name of an
     * environment variable holding the password) or password. Jib's spelling: to/auth.
     */
    @Parameter(alias = "toAuth")
    protected Auth auth;

    /**
     * Jib's spelling of the target: to with image, tags and auth inside, the same as the image, tags
     * and auth parameters. Setting a value both ways is an error.
     */
    @Parameter
    protected To to;

    /** The classifier of the attached image tar. */
    @Parameter(property = "zeroimage.classifier", defaultValue = "image")
    protected String classifier;

    /** Skip this goal. */
    @Parameter(property = "zeroimage.skip", defaultValue = "false")
    protected boolean skip;

    /** The tags, the POM's winning over -Dzeroimage.tags on every Maven ({@link PomListParameter}); never null. */
    protected List<String> tags() {
        List<String> value = PomListParameter.value(mojoExecution, session, "tags", tags);
        return value == null ? List.of() : value;
    }

    @Override
    protected boolean skipped() {
        if (skip) {
            getLog().info("zeroimage:" + goal() + " skipped (zeroimage.skip)");
        }
        return skip;
    }

    protected abstract String goal();

    @Override
    protected void applyJibStyleConfiguration(WrittenConfiguration written) {
        JibStyleConfiguration.Target target = JibStyleConfiguration.target(image, written.sets("image"), tags, auth, to);
        image = target.image();
        tags = target.tags();
        auth = target.auth();
    }

    /** The image setting as a reference. */
    protected ImageReference reference() {
        return Settings.parse("image", () -> ImageReference.parse(image));
    }

    /**
     * Pushing needs the network: with {@code mvn -o} that is said before any work, rather than a
     * failure about the base cache or a registry later. {@code alternative} (or null) says what else to do.
     */
    protected void requireOnlineToPush(String alternative) {
        if (session != null && session.isOffline()) {
            throw new ZeroImageException("Pushing to " + pushTarget().registry() + " needs the network, but Maven is"
                    + " offline (-o): drop -o to push" + (alternative == null ? "" : ", or " + alternative) + ".");
        }
    }

    /** The image setting as a push target: it must name a registry. */
    protected ImageReference pushTarget() {
        return RegistryNames.pushTarget(image, "image (zeroimage.image)");
    }

    /**
     * Opens the connection to the push registry on a background thread while the image is still being
     * built ({@link RegistryProbe}: no credentials, nothing reported). A setting the probe cannot use
     * is left to the push, which reports it where it always has.
     */
    protected void contactPushRegistryEarly() {
        try {
            RegistryProbe.start(registryOptions(CredentialSource.ANONYMOUS), pushTarget());
        } catch (RuntimeException e) {
            // The push meets it again and says what is wrong.
        }
    }

    /** What follows a push (SBOM referrers, signatures), with the same registry options. */
    @FunctionalInterface
    protected interface AfterPush {
        void run(RegistryOptions options, ImageReference target, ImagePusher.Result result) throws IOException;
    }

    /**
     * Pushes to the image setting and records the pushed references and the registry's digest in
     * image.json / image-digest; layers of {@code mountFrom} (a base on the same registry) are mounted.
     * {@code afterPush} (or null) runs next with the same registry options.
     */
    protected ImagePusher.Result pushImage(Image built, ImageReference mountFrom, ImageReport report,
                                           AfterPush afterPush) throws IOException {
        return push((pusher, target, extraTags) -> pusher.push(built, target, extraTags, mountFrom), report, afterPush);
    }

    /** The same for a multi-platform image: every platform's blobs, manifests by digest, the index under the tags. */
    protected ImagePusher.Result pushImage(MultiPlatformImage built, ImageReference mountFrom, ImageReport report,
                                           AfterPush afterPush) throws IOException {
        return push((pusher, target, extraTags) -> pusher.push(built, target, extraTags, mountFrom), report, afterPush);
    }

    /** A multi-platform push whose images' blobs come from {@code origins} (one per image): the index goal. */
    protected ImagePusher.Result pushImage(MultiPlatformImage built, List<ImagePusher.Origin> origins,
                                           ImageReport report, AfterPush afterPush) throws IOException {
        return push((pusher, target, extraTags) -> pusher.push(built, target, extraTags, origins), report, afterPush);
    }

    @FunctionalInterface
    private interface PushCall {
        ImagePusher.Result push(ImagePusher pusher, ImageReference target, List<String> extraTags) throws IOException;
    }

    private ImagePusher.Result push(PushCall call, ImageReport report, AfterPush afterPush) throws IOException {
        ImageReference target = pushTarget();
        RegistryOptions options = registryOptions(credentials(targetAuth(), "auth", serverId));
        ImagePusher.Result result = call.push(new ImagePusher(options, message -> getLog().info(message)), target,
                tags());
        report.withPushed(result.references(), result.digest().toString()).writeTo(reportDirectory().toPath());
        getLog().info(BuildSummary.pushed(result));
        if (afterPush != null) {
            afterPush.run(options, target, result);
        }
        return result;
    }

    /** {@code <auth>} or (mapped onto it) {@code <to><auth>}; else none. */
    protected Auth targetAuth() {
        return auth;
    }

    /** The build directory's {@code zeroimage/} folder, where image.json and image-digest go. */
    protected File reportDirectory() {
        return new File(project.getBuild().getDirectory(), "zeroimage");
    }
}
