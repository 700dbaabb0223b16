package dev.zeroimage.maven;

import dev.zeroimage.archive.OciArchiveWriter;
import dev.zeroimage.base.BaseImageResolver;
import dev.zeroimage.base.BaseSpec;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.build.BuildSummary;
import dev.zeroimage.build.ImageBuilder;
import dev.zeroimage.build.ImageReport;
import dev.zeroimage.build.OutputFileCheck;
import dev.zeroimage.build.UnchangedBuild;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.cache.DamagedBlobRetry;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImagePath;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.layer.FileDigests;
import dev.zeroimage.libraries.BundledFile;
import dev.zeroimage.registry.TransportWarmUp;
import dev.zeroimage.libraries.LibraryMode;
import dev.zeroimage.libraries.LibraryPlan;
import dev.zeroimage.sbom.CycloneDxWriter;
import dev.zeroimage.signing.SigningKey;
import dev.zeroimage.util.AtomicFiles;
import dev.zeroimage.util.Sizes;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
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
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.RUNTIME)
public class BuildMojo extends AbstractImageMojo {
    /** The SBOM's file name in target/zeroimage/ and its classifier when attached. */
    static final String SBOM_FILE = "sbom.cdx.json";
    static final String SBOM_CLASSIFIER = "image-cyclonedx";

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

    /** Accept a dynamically linked executable on a scratch image (you add its libraries yourself): libraries=ignore. */
    @Parameter(property = "zeroimage.allowDynamic", defaultValue = "false")
    private boolean allowDynamic;

    /**
     * A dynamic executable's loader and libraries: {@code check} (the image must have them; default),
     * {@code bundle} (copy them from the sysroot into a layer) or {@code ignore}.
     */
    @Parameter(property = "zeroimage.libraries")
    private String libraries;

    /** More libraries to bundle with their closures: sonames ({@code libnss_compat.so.2}) or paths (placed next to the executable). */
    @Parameter(property = "zeroimage.extraLibraries")
    private List<String> extraLibraries;

    /** Where bundled libraries come from; default {@code /}, or {@code /usr/<triplet>} for another architecture. */
    @Parameter(property = "zeroimage.sysroot")
    private File sysroot;

    /**
     * Write a CycloneDX SBOM of the image to target/zeroimage/sbom.cdx.json, attach it (classifier
     * image-cyclonedx) and, when pushing, push it as an OCI referrer of the image.
     */
    @Parameter(property = "zeroimage.sbom", defaultValue = "true")
    private boolean sbom;

    /** Sign the pushed image the way cosign does (tag sha256-&lt;hex&gt;.sig); needs push and signingKey. */
    @Parameter(property = "zeroimage.sign", defaultValue = "false")
    private boolean sign;

    /** A PEM EC P-256 private key (PKCS#8, optionally encrypted) to sign with. */
    @Parameter(property = "zeroimage.signingKey")
    private File signingKey;

    /** The name of the environment variable that holds the password of an encrypted signingKey. */
    @Parameter(property = "zeroimage.signingKeyPasswordEnvironment")
    private String signingKeyPasswordEnvironment;

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
        if (push) {
            TransportWarmUp.start(); // performance hook (issue 16): HTTP and TLS classes load while we build
        }
        ImageReference reference = reference();
        SigningKey key = SigningSettings.load(sign, push, signingKey, signingKeyPasswordEnvironment, System.getenv());
        Instant created = CreationTimeResolver.resolve(creationTime, outputTimestamp, System.getenv("SOURCE_DATE_EPOCH"));
        Path executableFile = ExecutableLocator.locate(executable, project);
        BuildOptions options = buildOptions(executableFile, created);
        Path output = outputFile.toPath().toAbsolutePath();
        requireOutputSettings(options, output);
        BlobStore store = new BlobStore(cacheDirectory.toPath());
        // Performance hook (issue 16): the unchanged build is a few stat calls, see UnchangedBuildCheck.
        UnchangedBuild unchanged = unchangedBuild(store, options, reference, output);
        if (replayedUnchanged(unchanged, output)) {
            return;
        }
        BaseImageResolver bases = new BaseImageResolver(store, registryOptions(credentials(fromAuth, "fromAuth", null)),
                options.compression(), created);
        long started = System.nanoTime();
        // A damaged cache file met while the archive is written was removed: one more attempt heals it.
        ImageBuilder[] builder = new ImageBuilder[1]; // the last attempt's: it knows its base and libraries
        Image built = DamagedBlobRetry.run(() -> {
            builder[0] = new ImageBuilder(store, bases, progress(), getLog()::info);
            Image image = builder[0].build(options);
            getLog().debug("Image assembled in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            // The old report must not outlive the tar it describes; the new one follows the new tar.
            ImageReport.deleteFrom(reportDirectory().toPath());
            writeArchive(image, reference, created, store, output, started);
            return image;
        }, getLog()::warn);
        LibraryPlan bundled = builder[0].libraries();
        logLibraries(bundled);
        ImageReport report = ImageReport.of(built, reference, output).withLibraries(bundled.files());
        report.writeTo(reportDirectory().toPath());
        if (attach) {
            projectHelper.attachArtifact(project, "tar", classifier, output.toFile());
        }
        byte[] sbomJson = sbom ? writeSbom(built, reference, builder[0], executableFile, options, created, store) : null;
        long millis = (System.nanoTime() - started) / 1_000_000;
        String summary = BuildSummary.built(reference.familiarName(), built, millis, output);
        getLog().info(summary);
        if (unchanged != null && bundled.warnings().isEmpty()) {
            int at = summary.lastIndexOf(", in " + millis + " ms");
            unchanged.remember(summary.substring(0, at) + ", in " + UnchangedBuild.MILLIS + " ms"
                    + summary.substring(at + (", in " + millis + " ms").length()));
        }
        if (push) {
            pushImage(built, options.base().mountSource(), report,
                    (registry, target, result) -> SupplyChainPush.run(registry, target,
                            List.of(new SupplyChainPush.Pushed(built.manifestDescriptor(), sbomJson, SBOM_FILE)),
                            key, created, message -> getLog().info(message)));
        }
    }

    /** The check whether this build would only repeat the last one, or null (push, tag base, bundling, trouble). */
    private UnchangedBuild unchangedBuild(BlobStore store, BuildOptions options, ImageReference reference,
                                          Path output) {
        try {
            return UnchangedBuildCheck.of(store, options, reference, output, reportDirectory().toPath(), sbom,
                    SBOM_FILE, push, pluginVersion(), project);
        } catch (IOException | RuntimeException e) {
            getLog().debug("No unchanged-build check: " + e);
            return null;
        }
    }

    /** When nothing changed since the last build: its outputs are kept, attached and summarised again. */
    private boolean replayedUnchanged(UnchangedBuild unchanged, Path output) {
        long started = System.nanoTime();
        java.util.Optional<String> summary = unchanged == null ? java.util.Optional.empty() : unchanged.remembered();
        if (summary.isEmpty()) {
            return false;
        }
        getLog().debug("Settings, inputs and outputs as the last build left them: nothing to do");
        if (attach) {
            projectHelper.attachArtifact(project, "tar", classifier, output.toFile());
            if (sbom) {
                projectHelper.attachArtifact(project, "json", SBOM_CLASSIFIER,
                        reportDirectory().toPath().resolve(SBOM_FILE).toFile());
            }
        }
        getLog().info(summary.get().replace(UnchangedBuild.MILLIS,
                String.valueOf((System.nanoTime() - started) / 1_000_000)));
        return true;
    }

    /** The settings about where the image goes, checked before any work. */
    private void requireOutputSettings(BuildOptions options, Path output) throws MojoFailureException, IOException {
        if (attach && (classifier == null || classifier.isBlank())) {
            throw new MojoFailureException("classifier must not be empty when attach is true: the image tar"
                    + " would replace the project's main artifact. Set a classifier (default: image).");
        }
        if (push) {
            pushTarget();
        }
        OutputFileCheck.requireSafe(output, options.executable(),
                fromArchive == null ? null : fromArchive.toPath(), options.extraFiles());
    }

    /** Writes target/zeroimage/sbom.cdx.json (attached when attach is true) and returns its bytes. */
    private byte[] writeSbom(Image built, ImageReference reference, ImageBuilder builder, Path executableFile,
                             BuildOptions options, Instant created, BlobStore store) throws IOException {
        byte[] json = CycloneDxWriter.toJson(MavenSbom.input(project, built, reference, builder.base(),
                executableFile, options.extraFiles(), builder.libraries().files(), created, pluginVersion(),
                new FileDigests(store)));
        Path sbomFile = reportDirectory().toPath().resolve(SBOM_FILE);
        AtomicFiles.write(sbomFile, json);
        if (attach) {
            projectHelper.attachArtifact(project, "json", SBOM_CLASSIFIER, sbomFile.toFile());
        }
        getLog().info("SBOM written to " + sbomFile);
        return json;
    }

    /** "Bundled 5 libraries (3.1 MB) from /: ld-linux-x86-64.so.2, libc.so.6, libz.so.1, …", and ignore's warnings. */
    private void logLibraries(LibraryPlan plan) {
        plan.warnings().forEach(getLog()::warn);
        if (plan.bundles()) {
            List<String> names = plan.files().stream().map(BundledFile::name).toList();
            int shown = 8;
            String list = String.join(", ", names.subList(0, Math.min(shown, names.size())))
                    + (names.size() > shown ? ", …" : "");
            getLog().info("Bundled " + names.size() + (names.size() == 1 ? " library (" : " libraries (")
                    + Sizes.human(plan.totalBytes()) + ") from " + plan.sysroot() + ": " + list);
        }
    }

    /** zeroimage's version, named in the SBOM's tools. */
    private String pluginVersion() {
        return mojoExecution == null || mojoExecution.getMojoDescriptor() == null
                || mojoExecution.getMojoDescriptor().getPluginDescriptor() == null ? null
                : mojoExecution.getMojoDescriptor().getPluginDescriptor().getVersion();
    }

    private void writeArchive(Image built, ImageReference reference, Instant created, BlobStore store, Path output,
                              long started) throws IOException {
        boolean written = new OciArchiveWriter(created).writeIfChanged(built, reference, output, store);
        getLog().debug((written ? "Archive written after " : "Archive unchanged, kept, after ")
                + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    /** The parameters as one checked value: a bad setting fails here, before the executable is read. */
    private BuildOptions buildOptions(Path executableFile, Instant created) {
        return BuildOptions.builder(executableFile)
                .executablePath(executablePath == null ? null
                        : Settings.parse("executablePath", () -> ImagePath.of(executablePath)))
                .platform(Settings.platform(platform))
                .allowDynamic(allowDynamic)
                .libraries(libraries == null || libraries.isBlank() ? null
                        : Settings.parse("libraries", () -> LibraryMode.parse(libraries)))
                .extraLibraries(extraLibraries)
                .sysroot(sysroot == null ? null : sysroot.toPath())
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
