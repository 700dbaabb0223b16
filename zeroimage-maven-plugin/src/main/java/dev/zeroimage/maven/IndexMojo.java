package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.archive.OciArchiveWriter;
import dev.zeroimage.build.BuildSummary;
import dev.zeroimage.build.ImageReport;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.index.IndexMerger;
import dev.zeroimage.index.IndexSource;
import dev.zeroimage.index.IndexSources;
import dev.zeroimage.index.SourcedImage;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Merges images built elsewhere (one CI runner per architecture) into one multi-platform image: an
 * OCI image index (or Docker manifest list) over the sources' manifests, unchanged. Writes and
 * attaches the tar, and pushes with {@code push=true}; when every source is in a registry and
 * {@code push=true}, it only pushes (blobs already in the target repository are not sent again).
 */
@Mojo(name = "index", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class IndexMojo extends AbstractImageMojo {

    /**
     * The images to merge, comma-separated: image tars or OCI layout directories (what build writes,
     * single- or multi-platform) and registry references ({@code ghcr.io/acme/app:1.0-arm64},
     * {@code …@sha256:…}). An index contributes all its platforms.
     */
    @Parameter(property = "zeroimage.images")
    private List<String> images;

    /** The multi-platform image tar to write (not written when every source is a registry reference and push is true). */
    @Parameter(property = "zeroimage.outputFile",
            defaultValue = "${project.build.directory}/${project.build.finalName}-image.tar")
    private File outputFile;

    /** Attach the tar to the project so install and deploy publish it. */
    @Parameter(property = "zeroimage.attach", defaultValue = "true")
    private boolean attach;

    /** The index type: oci (an OCI image index, default) or docker (a Docker manifest list). */
    @Parameter(property = "zeroimage.format", defaultValue = "oci")
    private String format;

    /** Push the index to {@code image} (which must name a registry). */
    @Parameter(property = "zeroimage.push", defaultValue = "false")
    private boolean push;

    @Parameter(defaultValue = "${project.build.outputTimestamp}", readonly = true)
    private String outputTimestamp;

    @Component
    private MavenProjectHelper projectHelper;

    @Override
    protected String goal() {
        return "index";
    }

    @Override
    protected void run() throws MojoFailureException, IOException {
        List<IndexSource> sources = sources();
        ImageFormat indexFormat = Settings.parse("format", () -> ImageFormat.parse(format));
        ImageReference reference = reference();
        boolean pushOnly = push && IndexMerger.allFromRegistries(sources);
        Path output = pushOnly ? null : outputFile.toPath().toAbsolutePath();
        requireOutputSettings(sources, output);
        Instant created = CreationTimeResolver.resolve(null, outputTimestamp, System.getenv("SOURCE_DATE_EPOCH"));
        BlobStore store = new BlobStore(cacheDirectory.toPath());
        long started = System.nanoTime();

        List<SourcedImage> read = new IndexSources(store, source -> registryOptions(sourceCredentials(source, reference)),
                getLog()::info).read(sources, !pushOnly);
        MultiPlatformImage index = IndexMerger.merge(read, ProjectAnnotations.of(project, created), indexFormat);
        ImageReport.deleteFrom(reportDirectory().toPath());
        if (output != null) {
            boolean written = new OciArchiveWriter(created).writeIfChanged(index, reference, output, store);
            getLog().debug(written ? "Archive written" : "Archive unchanged, kept");
        }
        ImageReport report = ImageReport.of(index, reference, output);
        report.writeTo(reportDirectory().toPath());
        if (output != null && attach) {
            projectHelper.attachArtifact(project, "tar", classifier, output.toFile());
        }
        getLog().info(BuildSummary.built(reference.familiarName(), index, (System.nanoTime() - started) / 1_000_000,
                output));
        if (push) {
            pushImage(index, IndexMerger.origins(read), report, null);
        }
    }

    /** The images parameter, each comma-separated item a source (paths relative to the project). */
    private List<IndexSource> sources() {
        List<String> items = images == null ? List.of() : images.stream()
                .flatMap(value -> Arrays.stream(value.split(","))).map(String::trim)
                .filter(value -> !value.isEmpty()).toList();
        if (items.isEmpty()) {
            throw new ZeroImageException("images (zeroimage.images) is empty: list the image tars or registry"
                    + " references to merge, e.g. -Dzeroimage.images=amd64/target/app-image.tar,"
                    + "ghcr.io/acme/app:1.0-arm64");
        }
        Path base = project.getBasedir() == null ? Path.of("") : project.getBasedir().toPath();
        return items.stream().map(item -> IndexSource.parse(item, base)).toList();
    }

    private void requireOutputSettings(List<IndexSource> sources, Path output) throws MojoFailureException {
        if (push) {
            pushTarget();
        }
        if (output == null) {
            return;
        }
        if (attach && (classifier == null || classifier.isBlank())) {
            throw new MojoFailureException("classifier must not be empty when attach is true: the image tar"
                    + " would replace the project's main artifact. Set a classifier (default: image).");
        }
        for (IndexSource source : sources) {
            if (!source.isRegistry() && source.archive().toAbsolutePath().normalize().equals(output.normalize())) {
                throw new ZeroImageException("outputFile (zeroimage.outputFile) " + output + " is also a source in"
                        + " images (" + source + "): writing the index there would replace it. Set another outputFile");
            }
        }
    }

    /** A source on the target's registry is read with the target's credentials, others with the usual chain. */
    private dev.zeroimage.auth.CredentialSource sourceCredentials(ImageReference source, ImageReference target) {
        return source.registry().equals(target.registry())
                ? credentials(targetAuth(), "auth", serverId)
                : credentials(null, "auth", null);
    }
}
