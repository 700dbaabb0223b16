package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.archive.ImageArchiveReader;
import dev.zeroimage.build.ImageReport;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.BaseAnnotations;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.registry.ImagePusher;
import dev.zeroimage.signing.SigningKey;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    /** Sign the pushed image the way cosign does (tag sha256-&lt;hex&gt;.sig); needs signingKey. */
    @Parameter(property = "zeroimage.sign", defaultValue = "false")
    private boolean sign;

    /** A PEM EC P-256 private key (PKCS#8, optionally encrypted) to sign with. */
    @Parameter(property = "zeroimage.signingKey")
    private File signingKey;

    /** The name of the environment variable that holds the password of an encrypted signingKey. */
    @Parameter(property = "zeroimage.signingKeyPasswordEnvironment")
    private String signingKeyPasswordEnvironment;

    @Override
    protected void run() throws IOException {
        if (skipped()) {
            return;
        }
        SigningKey key = SigningSettings.load(sign, true, signingKey, signingKeyPasswordEnvironment, System.getenv());
        File tar = attachedImage();
        ImageArchiveReader.Loaded archive = new ImageArchiveReader(new BlobStore(cacheDirectory.toPath()))
                .load(tar.toPath());
        File sbomFile = attachedSbom();
        byte[] sbom = sbomFile == null ? null : Files.readAllBytes(sbomFile.toPath());
        if (archive.isIndex()) {
            pushIndex(archive.index(), tar, sbom, key);
            return;
        }
        Image loaded = archive.image();
        ImageReport report = ImageReport.of(loaded, pushTarget(), tar.toPath());
        Instant created = createdOf(loaded);
        pushImage(loaded, BaseAnnotations.mountSource(loaded), report,
                (registry, target, result) -> SupplyChainPush.run(registry, target,
                        List.of(new SupplyChainPush.Pushed(loaded.manifestDescriptor(), sbom, BuildMojo.SBOM_FILE)),
                        key, created, message -> getLog().info(message)));
    }

    /**
     * A multi-platform tar: the index and every platform. The attached SBOM (if any) is referred to
     * from the index; signatures cover the index and each platform manifest.
     */
    private void pushIndex(MultiPlatformImage index, File tar, byte[] sbom, SigningKey key) throws IOException {
        ImageReport report = ImageReport.of(index, pushTarget(), tar.toPath());
        Image first = index.images().get(0);
        Instant created = createdOf(first);
        List<SupplyChainPush.Pushed> pushed = new ArrayList<>();
        pushed.add(new SupplyChainPush.Pushed(index.descriptor(), sbom, BuildMojo.SBOM_FILE));
        for (Image image : index.images()) {
            pushed.add(new SupplyChainPush.Pushed(image.manifestDescriptor(), null, BuildMojo.SBOM_FILE));
        }
        List<ImagePusher.Origin> origins = index.images().stream()
                .map(image -> new ImagePusher.Origin(BaseAnnotations.mountSource(image), null)).toList();
        pushImage(index, origins, report,
                (registry, target, result) -> SupplyChainPush.run(registry, target, pushed, key, created,
                        message -> getLog().info(message)));
    }

    private static Instant createdOf(Image image) {
        return image.config().created == null ? Instant.EPOCH : Instant.parse(image.config().created);
    }

    /** The SBOM the build goal attached for this image, or null (sbom=false). */
    private File attachedSbom() {
        for (Artifact artifact : project.getAttachedArtifacts()) {
            if ("json".equals(artifact.getType()) && BuildMojo.SBOM_CLASSIFIER.equals(artifact.getClassifier())
                    && artifact.getFile() != null && artifact.getFile().isFile()) {
                return artifact.getFile();
            }
        }
        return null;
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
