package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.build.ImageReport;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.registry.ImagePusher;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.util.List;

/** The image goals, build and push: which image, its tags, the target's credentials, the attached tar. */
abstract class AbstractImageMojo extends AbstractRegistryMojo {

    /**
     * The image reference: recorded in the archive (index.json ref.name, manifest.json RepoTags) and
     * the push target, which must then name a registry.
     */
    @Parameter(property = "zeroimage.image", defaultValue = "${project.artifactId}:${project.version}")
    protected String image;

    /** More tags for the same manifest when pushing. */
    @Parameter(property = "zeroimage.tags")
    protected List<String> tags;

    /** Credentials for the target registry (values may come from ${env.…}). */
    @Parameter(alias = "toAuth")
    protected Auth auth;

    /** Jib-style {@code <to><auth>…</auth></to>}, the same as {@code <auth>}. */
    @Parameter
    protected To to;

    /** The classifier of the attached image tar. */
    @Parameter(property = "zeroimage.classifier", defaultValue = "image")
    protected String classifier;

    @Parameter(property = "zeroimage.skip", defaultValue = "false")
    protected boolean skip;

    /** True (after saying so) when the goal is skipped. */
    protected boolean skipped() {
        if (skip) {
            getLog().info("zeroimage:" + goal() + " skipped (zeroimage.skip)");
        }
        return skip;
    }

    protected abstract String goal();

    /** The image setting as a reference. */
    protected ImageReference reference() {
        return Settings.parse("image", () -> ImageReference.parse(image));
    }

    /** The image setting as a push target: it must name a registry. */
    protected ImageReference pushTarget() {
        if (!ImageReference.namesRegistry(image)) {
            throw new ZeroImageException("image (zeroimage.image) '" + image + "' names no registry, so there"
                    + " is nowhere to push it: use a full reference such as ghcr.io/org/app:1.0 or"
                    + " docker.io/user/app:1.0");
        }
        return ImageReference.parse(image);
    }

    /**
     * Pushes to the image setting and records the pushed references and the registry's digest in
     * image.json / image-digest; layers of {@code mountFrom} (a base on the same registry) are mounted.
     */
    protected ImagePusher.Result pushImage(Image built, ImageReference mountFrom, ImageReport report)
            throws IOException {
        ImageReference target = pushTarget();
        ImagePusher.Result result = new ImagePusher(registryOptions(credentials(targetAuth(), "auth", serverId)),
                message -> getLog().info(message))
                .push(built, target, tags == null ? List.of() : tags, mountFrom);
        report.withPushed(result.references(), result.digest().toString()).writeTo(reportDirectory().toPath());
        getLog().info(String.format("Pushed %s (%s): %d blob(s) uploaded, %d already there, %d mounted",
                String.join(", ", result.references()), result.digest(), result.uploaded(), result.skipped(),
                result.mounted()));
        return result;
    }

    /** {@code <auth>} wins; else {@code <to><auth>}; else none. */
    private Auth targetAuth() {
        return auth != null ? auth : (to == null ? null : to.getAuth());
    }

    /** The build directory's {@code zeroimage/} folder, where image.json and image-digest go. */
    protected File reportDirectory() {
        return new File(project.getBuild().getDirectory(), "zeroimage");
    }
}
