package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.archive.ImageArchiveReader;
import dev.zeroimage.build.ImageReport;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.BaseAnnotations;
import dev.zeroimage.image.Image;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

import java.io.File;
import java.io.IOException;

/**
 * Pushes the image tar that {@code zeroimage:build} attached earlier in the same build, so
 * {@code mvn deploy} publishes jars and image together while {@code mvn package} stays offline.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractImageMojo {

    @Override
    protected String goal() {
        return "push";
    }

    @Override
    protected void run() throws IOException {
        if (skipped()) {
            return;
        }
        File tar = attachedImage();
        Image loaded = new ImageArchiveReader(new BlobStore(cacheDirectory.toPath())).loadImage(tar.toPath());
        ImageReport report = ImageReport.of(loaded, pushTarget(), tar.toPath());
        pushImage(loaded, BaseAnnotations.mountSource(loaded), report);
    }

    private File attachedImage() {
        for (Artifact artifact : project.getAttachedArtifacts()) {
            if ("tar".equals(artifact.getType()) && classifier.equals(artifact.getClassifier())
                    && artifact.getFile() != null && artifact.getFile().isFile()) {
                return artifact.getFile();
            }
        }
        throw new ZeroImageException("There is no image to push: no tar with classifier '" + classifier
                + "' was attached in this build. Run zeroimage:build in the same Maven invocation"
                + " (e.g. mvn deploy with build bound to package, or mvn package zeroimage:push), with attach=true.");
    }
}
