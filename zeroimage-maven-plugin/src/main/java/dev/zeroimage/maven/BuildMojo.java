package dev.zeroimage.maven;

import dev.zeroimage.archive.OciArchiveWriter;
import dev.zeroimage.base.BaseImageResolver;
import dev.zeroimage.base.BaseSpec;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.build.ImageBuilder;
import dev.zeroimage.build.ImageReport;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImagePath;
import dev.zeroimage.image.ImageReference;
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
import java.util.List;
import java.util.Map;

/**
 * Builds an OCI image from the project's native executable and writes it as an image-layout tar
 * (also loadable by {@code docker load}), attached to the project.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildMojo extends AbstractImageMojo {

    /** The program. Default: the main artifact if it is an ELF file, else target/${project.artifactId}. */
    @Parameter(property = "zeroimage.executable")
    private File executable;

    /** Where the program goes in the image; default {@code /} + its file name. */
    @Parameter(property = "zeroimage.executablePath")
    private String executablePath;

    /** Arguments: the image's Cmd, appended to the entrypoint. */
    @Parameter
    private List<String> args;

    /** Environment variables; PATH defaults to the usual Linux search path. */
    @Parameter
    private Map<String, String> environment;

    @Parameter(property = "zeroimage.workingDirectory")
    private String workingDirectory;

    /** User to run as: a uid, {@code uid:gid}, or a name that exists in the image's /etc/passwd. */
    @Parameter(property = "zeroimage.user")
    private String user;

    @Parameter
    private Map<String, String> labels;

    /** Exposed ports: {@code 8080}, {@code 8080/tcp}, {@code 53/udp}. */
    @Parameter
    private List<String> ports;

    @Parameter
    private List<String> volumes;

    /** Files or directories to add: {@code source}, {@code target} (absolute path in the image), optional {@code mode}. */
    @Parameter
    private List<ExtraFile> extraFiles;

    /** {@code os/arch[/variant]}; default: detected from the ELF header. */
    @Parameter(property = "zeroimage.platform")
    private String platform;

    @Parameter(property = "zeroimage.outputFile",
            defaultValue = "${project.build.directory}/${project.build.finalName}-image.tar")
    private File outputFile;

    /** Attach the tar to the project so install and deploy publish it. */
    @Parameter(property = "zeroimage.attach", defaultValue = "true")
    private boolean attach;

    /**
     * Creation time of the image and of every file in it: ISO-8601, epoch seconds or {@code now}.
     * Default: project.build.outputTimestamp, else SOURCE_DATE_EPOCH, else 1970-01-01T00:00:00Z.
     */
    @Parameter(property = "zeroimage.creationTime")
    private String creationTime;

    @Parameter(defaultValue = "${project.build.outputTimestamp}", readonly = true)
    private String outputTimestamp;

    /** The base: scratch (empty), static (built-in minimal base) or an image reference. */
    @Parameter(property = "zeroimage.from", defaultValue = "scratch")
    private String from;

    /** A base image on disk: OCI image-layout tar or directory, or a docker save tar. */
    @Parameter(property = "zeroimage.fromArchive")
    private File fromArchive;

    /** oci (default) or docker (Docker v2 schema 2 media types). */
    @Parameter(property = "zeroimage.format", defaultValue = "oci")
    private String format;

    /** For the static base: use only caCertificates as the CA bundle instead of adding them. */
    @Parameter(property = "zeroimage.replaceCaCertificates", defaultValue = "false")
    private boolean replaceCaCertificates;

    /** Layer compression: gzip (default) or zstd. */
    @Parameter(property = "zeroimage.compression", defaultValue = "gzip")
    private String compression;

    /** Compression level: gzip 1–9 (default 4), zstd 1–22 (default 3). */
    @Parameter(property = "zeroimage.compressionLevel")
    private Integer compressionLevel;

    /** Push the image to {@code image} (which must name a registry) after writing the tar. */
    @Parameter(property = "zeroimage.push", defaultValue = "false")
    private boolean push;

    /** Credentials for the base image's registry. */
    @Parameter
    private Auth fromAuth;

    /** Accept a dynamically linked executable on a scratch image (you add its libraries yourself). */
    @Parameter(property = "zeroimage.allowDynamic", defaultValue = "false")
    private boolean allowDynamic;

    @Component
    private MavenProjectHelper projectHelper;

    @Override
    protected String goal() {
        return "build";
    }

    @Override
    protected void run() throws MojoFailureException, IOException {
        if (skipped()) {
            return;
        }
        ImageReference reference = reference();
        Instant created = CreationTimeResolver.resolve(creationTime, outputTimestamp, System.getenv("SOURCE_DATE_EPOCH"));
        BuildOptions options = buildOptions(ExecutableLocator.locate(executable, project), created);
        requireOutputSettings();
        BlobStore store = new BlobStore(cacheDirectory.toPath());
        BaseImageResolver bases = new BaseImageResolver(store, registryOptions(credentials(fromAuth, "fromAuth", null)),
                options.compression(), created);
        long started = System.nanoTime();
        Image built = new ImageBuilder(store, bases, progress(), getLog()::info).build(options);
        getLog().debug("Image assembled in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        Path output = writeArchive(built, reference, created, store, started);
        ImageReport report = ImageReport.of(built, reference, output);
        report.writeTo(reportDirectory().toPath());
        if (attach) {
            projectHelper.attachArtifact(project, "tar", classifier, output.toFile());
        }
        getLog().info(String.format("Built image %s (%s) %s, %s, in %d ms, written to %s", reference.familiarName(),
                built.platform(), built.digest(), Sizes.human(built.compressedSize()),
                (System.nanoTime() - started) / 1_000_000, output));
        if (push) {
            pushImage(built, options.base().mountSource(), report);
        }
    }

    /** The settings about where the image goes, checked before any work. */
    private void requireOutputSettings() throws MojoFailureException {
        if (attach && (classifier == null || classifier.isBlank())) {
            throw new MojoFailureException("classifier must not be empty when attach is true: the image tar"
                    + " would replace the project's main artifact. Set a classifier (default: image).");
        }
        if (push) {
            pushTarget();
        }
    }

    private Path writeArchive(Image built, ImageReference reference, Instant created, BlobStore store, long started)
            throws IOException {
        Path output = outputFile.toPath().toAbsolutePath();
        boolean written = new OciArchiveWriter(created).writeIfChanged(built, reference, output, store);
        getLog().debug((written ? "Archive written after " : "Archive unchanged, kept, after ")
                + (System.nanoTime() - started) / 1_000_000 + " ms");
        return output;
    }

    /** The parameters as one checked value: a bad setting fails here, before the executable is read. */
    private BuildOptions buildOptions(Path executableFile, Instant created) {
        return BuildOptions.builder(executableFile)
                .executablePath(executablePath == null ? null
                        : Settings.parse("executablePath", () -> ImagePath.of(executablePath)))
                .platform(Settings.platform(platform))
                .allowDynamic(allowDynamic)
                .args(args)
                .environment(environment)
                .workingDirectory(workingDirectory)
                .user(Settings.user(user))
                .labels(labels)
                .ports(Settings.ports(ports))
                .volumes(volumes)
                .extraFiles(ExtraFiles.toCore(extraFiles))
                .creationTime(created)
                .annotations(ProjectAnnotations.of(project, created))
                .format(Settings.parse("format", () -> ImageFormat.parse(format)))
                .compression(Settings.compression(compression, compressionLevel))
                .base(BaseSpec.of(from, fromArchive == null ? null : fromArchive.toPath(), caCertificatePaths(),
                        replaceCaCertificates))
                .build();
    }
}
