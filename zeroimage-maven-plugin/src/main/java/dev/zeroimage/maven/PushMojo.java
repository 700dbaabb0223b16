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
 * {@code mvn deploy} publishes jars and image together while {@code mvn package} stays offline; in a
 * later Maven invocation (a CI stage after {@code mvn package}) it pushes the tar at {@code outputFile}.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractImageMojo {

    @Override
    protected String goal() {
        return "push";
    }

    /**
     * The image tar to push when no zeroimage:build of this Maven invocation attached one (a later CI
     * stage): the build goal's outputFile.
     */
    @Parameter(property = "zeroimage.outputFile",
            defaultValue = "${project.build.directory}/${project.build.finalName}-image.tar")
    private File outputFile;

    /** Sign the pushed image the way cosign does (tag sha256-HEX.sig); needs signingKey. */
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
        requireOnlineToPush(null);
        SigningKey key = SigningSettings.load(sign, true, signingKey, signingKeyPasswordEnvironment, System.getenv());
        File attached = attachedImage();
        File tar = attached != null ? attached : imageFromEarlierBuild();
        ImageArchiveReader.Loaded archive = new ImageArchiveReader(new BlobStore(cacheDirectory.toPath()))
                .load(tar.toPath());
        boolean fromThisBuild = attached != null;
        File sbomFile = fromThisBuild ? attachedSbom()
                : archive.isIndex() ? null : sbomFromEarlierBuild(archive.image(), BuildMojo.SBOM_FILE);
        byte[] sbom = sbomFile == null ? null : Files.readAllBytes(sbomFile.toPath());
        if (archive.isIndex()) {
            pushIndex(archive.index(), tar, sbom, key, fromThisBuild);
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
    private void pushIndex(MultiPlatformImage index, File tar, byte[] sbom, SigningKey key, boolean fromThisBuild)
            throws IOException {
        ImageReport report = ImageReport.of(index, pushTarget(), tar.toPath());
        Image first = index.images().get(0);
        Instant created = createdOf(first);
        List<SupplyChainPush.Pushed> pushed = new ArrayList<>();
        pushed.add(new SupplyChainPush.Pushed(index.descriptor(), sbom, BuildMojo.SBOM_FILE));
        for (Image image : index.images()) {
            // build attaches one SBOM per platform (classifier image-cyclonedx-<os>-<arch>[-<variant>])
            File platformSbom = fromThisBuild ? attachedJson(SbomArtifacts.classifier(image.platform(), true))
                    : sbomFromEarlierBuild(image, SbomArtifacts.fileName(image.platform(), true));
            pushed.add(new SupplyChainPush.Pushed(image.manifestDescriptor(),
                    platformSbom == null ? null : Files.readAllBytes(platformSbom.toPath()),
                    SbomArtifacts.fileName(image.platform(), true)));
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
        return attachedJson(BuildMojo.SBOM_CLASSIFIER);
    }

    /** The attached json artifact with this classifier, or null. */
    private File attachedJson(String jsonClassifier) {
        for (Artifact artifact : project.getAttachedArtifacts()) {
            if ("json".equals(artifact.getType()) && jsonClassifier.equals(artifact.getClassifier())
                    && artifact.getFile() != null && artifact.getFile().isFile()) {
                return artifact.getFile();
            }
        }
        return null;
    }

    /** The tar zeroimage:build attached in this invocation, or null. */
    private File attachedImage() {
        for (Artifact artifact : project.getAttachedArtifacts()) {
            if ("tar".equals(artifact.getType()) && classifier.equals(artifact.getClassifier())
                    && artifact.getFile() != null && artifact.getFile().isFile()) {
                return artifact.getFile();
            }
        }
        return null;
    }

    /** A separate CI stage: the tar an earlier {@code mvn package} left at outputFile. */
    private File imageFromEarlierBuild() {
        if (outputFile != null && outputFile.isFile()) {
            getLog().info("Pushing " + outputFile + ", written by an earlier build (none was attached in this one)");
            return outputFile;
        }
        throw new ZeroImageException("There is no image to push: no tar with classifier '" + classifier
                + "' was attached in this build, and there is no " + outputFile + " (outputFile,"
                + " zeroimage.outputFile) from an earlier one. Run mvn package with zeroimage:build bound first"
                + " (then zeroimage:push in a later stage), or zeroimage:build in the same Maven invocation"
                + " (e.g. mvn deploy with build bound to package).");
    }

    /** The earlier build's SBOM, when it describes this very image (its purl holds the manifest digest). */
    private File sbomFromEarlierBuild(Image loaded, String fileName) throws IOException {
        File sbom = new File(reportDirectory(), fileName);
        if (!sbom.isFile()) {
            return null;
        }
        if (!Files.readString(sbom.toPath()).contains(loaded.digest().toString())) {
            getLog().warn("Not pushing " + sbom + ": it describes another image than " + outputFile);
            return null;
        }
        return sbom;
    }
}
