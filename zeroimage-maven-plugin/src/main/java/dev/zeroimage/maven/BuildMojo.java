package dev.zeroimage.maven;

import dev.zeroimage.archive.OciArchiveWriter;
import dev.zeroimage.base.BaseImageResolver;
import dev.zeroimage.base.BaseSpec;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.build.BuildResult;
import dev.zeroimage.build.BuildTarget;
import dev.zeroimage.build.BuildWarmUp;
import dev.zeroimage.build.PlatformBuild;
import dev.zeroimage.build.BuildSummary;
import dev.zeroimage.build.ImageBuilder;
import dev.zeroimage.build.ImageReport;
import dev.zeroimage.build.OutputFileCheck;
import dev.zeroimage.build.UnchangedBuild;
import dev.zeroimage.sbom.SbomWarmUp;
import dev.zeroimage.util.BoundedParallel;
import dev.zeroimage.util.WarmUp;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.cache.DamagedBlobRetry;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImagePath;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.layer.FileDigests;
import dev.zeroimage.libraries.BundledFile;
import dev.zeroimage.libraries.LibraryMode;
import dev.zeroimage.libraries.LibraryPlan;
import dev.zeroimage.signing.SigningKey;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Builds an OCI image from the project's native executable and writes it as an image-layout tar
 * (also loadable by {@code docker load}), attached to the project.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.RUNTIME)
public class BuildMojo extends AbstractImageMojo {
    /** The SBOM's file name in target/zeroimage/ and its classifier when attached. */
    static final String SBOM_FILE = SbomArtifacts.FILE;
    static final String SBOM_CLASSIFIER = SbomArtifacts.CLASSIFIER;

    /** The program. Default: the main artifact if it is an ELF file, else target/${project.artifactId}. */
    @Parameter(property = "zeroimage.executable")
    private File executable;

    /**
     * One executable per platform, for a multi-platform image (comma-separated paths as a property). Each
     * item is an executable element holding a path (the platform from its ELF header), or holding a file
     * and a platform element (linux/arm/v7). Not with executable or platform.
     */
    @Parameter(property = "zeroimage.executables")
    private List<Executable> executables;

    /**
     * Where the program goes in the image (every platform's); default {@code /} + its file name, or with
     * executables of different file names {@code /${project.artifactId}}.
     */
    @Parameter(property = "zeroimage.executablePath")
    private String executablePath;

    /** Arguments: the image's Cmd, appended to the entrypoint. Jib's spelling: container/args. */
    @Parameter
    private List<String> args;

    /** Environment variables; PATH defaults to the usual Linux search path. Jib's spelling: container/environment. */
    @Parameter
    private Map<String, String> environment;

    /** The working directory of the entrypoint (WorkingDir). Jib's spelling: container/workingDirectory. */
    @Parameter(property = "zeroimage.workingDirectory")
    private String workingDirectory;

    /**
     * User to run as: a uid, uid:gid, or a name that exists in the image's /etc/passwd. Jib's
     * spelling: container/user.
     */
    @Parameter(property = "zeroimage.user")
    private String user;

    /** Image labels (name to value). Jib's spelling: container/labels. */
    @Parameter
    private Map<String, String> labels;

    /** Exposed ports: 8080, 8080/tcp, 53/udp, or a range such as 2000-2003/udp. Jib's spelling: container/ports. */
    @Parameter
    private List<String> ports;

    /** Volumes: absolute paths in the image. Jib's spelling: container/volumes. */
    @Parameter
    private List<String> volumes;

    /** Files or directories to add: {@code source}, {@code target} (absolute path in the image), optional {@code mode}. */
    @Parameter
    private List<ExtraFile> extraFiles;

    /** os/arch or os/arch/variant (linux/arm64/v8); default: detected from the ELF header. Not with executables (each entry takes its own platform). */
    @Parameter(property = "zeroimage.platform")
    private String platform;

    /** The image tar: an OCI image layout that docker load also reads. */
    @Parameter(property = "zeroimage.outputFile",
            defaultValue = "${project.build.directory}/${project.build.finalName}-image.tar")
    private File outputFile;

    /** Attach the tar to the project so install and deploy publish it. */
    @Parameter(property = "zeroimage.attach", defaultValue = "true")
    private boolean attach;

    /**
     * Creation time of the image and of every file in it: ISO-8601, epoch seconds or now.
     * Default: project.build.outputTimestamp, else SOURCE_DATE_EPOCH, else 1970-01-01T00:00:00Z.
     * Jib's spelling: container/creationTime (EPOCH, USE_CURRENT_TIMESTAMP or ISO-8601).
     */
    @Parameter(property = "zeroimage.creationTime")
    private String creationTime;

    /** The project's project.build.outputTimestamp property (set by Maven; see creationTime). */
    @Parameter(defaultValue = "${project.build.outputTimestamp}", readonly = true)
    private String outputTimestamp;

    /**
     * The base: scratch (empty), static (built-in minimal base) or an image reference. Jib's spelling
     * is accepted too: from with image (and auth, the same as fromAuth) inside.
     */
    @Parameter(property = "zeroimage.from", defaultValue = "scratch")
    private From from;

    /** A base image on disk: OCI image-layout tar or directory, or a docker save tar. */
    @Parameter(property = "zeroimage.fromArchive")
    private File fromArchive;

    /** oci (default) or docker (Docker v2 schema 2 media types). Jib's spelling: container/format (OCI, Docker). */
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

    /** Credentials for the base image's registry, like auth. Jib's spelling: from/auth. */
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

    /** More libraries to bundle with their closures: sonames (libnss_compat.so.2) or paths (placed next to the executable). */
    @Parameter(property = "zeroimage.extraLibraries")
    private List<String> extraLibraries;

    /** Where bundled libraries come from; default /, or /usr/TRIPLET (aarch64-linux-gnu…) for another architecture. */
    @Parameter(property = "zeroimage.sysroot")
    private File sysroot;

    /**
     * Write a CycloneDX SBOM of the image to target/zeroimage/sbom.cdx.json, attach it (classifier
     * image-cyclonedx) and, when pushing, push it as an OCI referrer of the image.
     */
    @Parameter(property = "zeroimage.sbom", defaultValue = "true")
    private boolean sbom;

    /** Sign the pushed image the way cosign does (tag sha256-HEX.sig); needs push and signingKey. */
    @Parameter(property = "zeroimage.sign", defaultValue = "false")
    private boolean sign;

    /** A PEM EC P-256 private key (PKCS#8, optionally encrypted) to sign with. */
    @Parameter(property = "zeroimage.signingKey")
    private File signingKey;

    /** The name of the environment variable that holds the password of an encrypted signingKey. */
    @Parameter(property = "zeroimage.signingKeyPasswordEnvironment")
    private String signingKeyPasswordEnvironment;

    /**
     * Jib's container settings under Jib's names: args, environment, labels, ports, user,
     * workingDirectory, volumes, creationTime and format, the same as the parameters of those names.
     * Setting a value both ways is an error; Jib's JVM settings (mainClass, jvmFlags, …) are refused.
     */
    @Parameter
    private Container container;

    @Component
    private MavenProjectHelper projectHelper;

    @Override
    protected String goal() {
        return "build";
    }

    @Override
    protected void applyJibStyleConfiguration(WrittenConfiguration written) {
        super.applyJibStyleConfiguration(written);
        JibStyleConfiguration.Base base = JibStyleConfiguration.base(from, fromAuth,
                written.writtenWithChildren("from") && written.givenByProperty("from"));
        fromAuth = base.auth();
        JibStyleConfiguration.ImageConfig config = JibStyleConfiguration.container(
                new JibStyleConfiguration.ImageConfig(args, environment, labels, ports, user, workingDirectory, volumes,
                        creationTime, format), written.sets("format"), container);
        args = config.args();
        environment = config.environment();
        labels = config.labels();
        ports = config.ports();
        user = config.user();
        workingDirectory = config.workingDirectory();
        volumes = config.volumes();
        creationTime = config.creationTime();
        format = config.format();
    }

    @Override
    protected void run() throws MojoFailureException, IOException {
        if (push) {
            contactPushRegistryEarly(); // performance hook (issue 16): connected and TLS done while we build
        }
        ImageReference reference = reference();
        SigningKey key = SigningSettings.load(sign, push, signingKey, signingKeyPasswordEnvironment, System.getenv());
        Instant created = CreationTimeResolver.resolve(creationTime, outputTimestamp, System.getenv("SOURCE_DATE_EPOCH"));
        Properties userProperties = session == null ? null : session.getUserProperties();
        NativeImagePlugin nativePlugin = NativeImagePlugin.of(project, userProperties);
        NativeBuildOrder.requireAfterNativeBuild(mojoExecution, project, nativePlugin);
        List<BuildTarget> targets = Executables.targets(executable, platform, executables, project, userProperties);
        for (BuildTarget target : targets) {
            warnIfStale(target.executable(), nativePlugin);
        }
        BuildOptions options = buildOptions(targets, created);
        Path output = outputFile.toPath().toAbsolutePath();
        requireOutputSettings(options, output);
        BlobStore store = new BlobStore(cacheDirectory.toPath());
        // Performance hook (issue 16): the unchanged build is a few stat calls, see UnchangedBuildCheck.
        UnchangedBuild unchanged = options.multiPlatform() ? null : unchangedBuild(store, options, reference, output);
        if (replayedUnchanged(unchanged, output)) {
            return;
        }
        // Performance hook (issue 16): tar writer, SHA-256, Jackson and then the SBOM generator get ready on
        // one background thread while we check and compress; one, so that this thread keeps its core.
        WarmUp.start("zeroimage-warm-up", () -> {
            BuildWarmUp.warmUp();
            if (sbom) {
                SbomWarmUp.warmUp();
            }
        });
        BaseImageResolver bases = new BaseImageResolver(store, registryOptions(credentials(fromAuth, "fromAuth", null)),
                options.compression(), created);
        long started = System.nanoTime();
        // A damaged cache file met while the archive is written was removed: one more attempt heals it.
        boolean[] kept = new boolean[1];
        List<SbomArtifacts.Written> sboms = new ArrayList<>();
        BuildResult result = DamagedBlobRetry.run(() -> {
            BuildResult built = new ImageBuilder(store, bases, progress(), getLog()::info).buildAll(options);
            getLog().debug("Image assembled in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            // The old report must not outlive the tar it describes; the new one follows the new tar.
            ImageReport.deleteFrom(reportDirectory().toPath());
            // Performance hook (issue 16): the SBOMs are made on the second core while the archive is copied.
            sboms.clear();
            BoundedParallel.run(List.<BoundedParallel.Task<Void>>of(() -> {
                kept[0] = !writeArchive(built, reference, created, store, output, started);
                return null;
            }, () -> {
                if (sbom) {
                    sboms.addAll(SbomArtifacts.write(project, built, reference, options, created, pluginVersion(),
                            new FileDigests(store), reportDirectory().toPath()));
                }
                return null;
            }), 2, "zeroimage-archive");
            return built;
        }, getLog()::warn);
        List<String> libraryLines = new ArrayList<>();
        result.libraries().forEach(plan -> logLibraries(plan).ifPresent(libraryLines::add));
        MultiPlatformImage index = result.multiPlatform() ? result.multiPlatformImage() : null;
        ImageReport report = index != null ? ImageReport.of(index, reference, output)
                : ImageReport.of(result.image(), reference, output).withLibraries(result.single().libraries().files());
        report.writeTo(reportDirectory().toPath());
        if (attach) {
            projectHelper.attachArtifact(project, "tar", classifier, output.toFile());
        }
        SbomArtifacts.announce(sboms, (file, sbomClassifier) -> {
            if (attach) {
                projectHelper.attachArtifact(project, "json", sbomClassifier, file.toFile());
            }
        }, getLog()::info);
        long millis = (System.nanoTime() - started) / 1_000_000;
        Path single = result.multiPlatform() ? null : result.single().executable();
        getLog().info(index != null ? BuildSummary.built(reference.familiarName(), index, millis, output, kept[0])
                : BuildSummary.built(reference.familiarName(), result.image(), millis, output, kept[0],
                        shown(single), Files.size(single)));
        if (unchanged != null && index == null
                && result.libraries().stream().allMatch(plan -> plan.warnings().isEmpty())) {
            // What a replay prints: the same image, its tar kept.
            unchanged.remember(BuildSummary.built(reference.familiarName(), result.image(), 0, output, true,
                    shown(single), Files.size(single)).replace(", in 0 ms", ", in " + UnchangedBuild.MILLIS + " ms"),
                    libraryLines, result.single().libraries().inputs());
        }
        if (push) {
            List<SupplyChainPush.Pushed> pushed = pushedManifests(result, index, sboms);
            AfterPush supplyChain = (registry, target, pushResult) -> SupplyChainPush.run(registry, target, pushed,
                    key, created, message -> getLog().info(message));
            if (index != null) {
                pushImage(index, options.base().mountSource(), report, supplyChain);
            } else {
                pushImage(result.image(), options.base().mountSource(), report, supplyChain);
            }
        }
    }

    /**
     * The manifests that get referrers and signatures: the image's; for a multi-platform image the index
     * (signed, no SBOM of its own) and then each platform manifest with its SBOM.
     */
    private static List<SupplyChainPush.Pushed> pushedManifests(BuildResult result, MultiPlatformImage index,
                                                                List<SbomArtifacts.Written> sboms) {
        List<SupplyChainPush.Pushed> pushed = new ArrayList<>();
        if (index != null) {
            pushed.add(new SupplyChainPush.Pushed(index.descriptor(), null, null));
        }
        for (PlatformBuild build : result.platforms()) {
            SbomArtifacts.Written written = sboms.stream().filter(sbom -> sbom.build() == build).findFirst().orElse(null);
            pushed.add(written != null ? written.pushed()
                    : new SupplyChainPush.Pushed(build.image().manifestDescriptor(), null, SBOM_FILE));
        }
        return pushed;
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
        Optional<List<String>> lines = unchanged == null ? Optional.empty() : unchanged.rememberedLines();
        if (lines.isEmpty()) {
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
        String millis = String.valueOf((System.nanoTime() - started) / 1_000_000);
        lines.get().forEach(line -> getLog().info(line.replace(UnchangedBuild.MILLIS, millis))); // "Bundled …", the summary
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
            requireOnlineToPush("build without pushing (-Dzeroimage.push=false) and push in a later, online stage");
        }
        for (Path executableFile : options.executables()) {
            OutputFileCheck.requireSafe(output, executableFile,
                    fromArchive == null ? null : fromArchive.toPath(), options.extraFiles());
        }
    }

    /**
     * "Bundled 5 libraries (3.1 MB) from /: ld-linux-x86-64.so.2, libc.so.6, libz.so.1, …", and ignore's
     * warnings; returns the "Bundled" line, which a replay of this build prints again.
     */
    private Optional<String> logLibraries(LibraryPlan plan) {
        plan.warnings().forEach(getLog()::warn);
        if (plan.bundles()) {
            List<String> names = plan.files().stream().map(BundledFile::name).toList();
            int shown = 8;
            String list = String.join(", ", names.subList(0, Math.min(shown, names.size())))
                    + (names.size() > shown ? ", …" : "");
            String line = "Bundled " + names.size() + (names.size() == 1 ? " library (" : " libraries (")
                    + Sizes.human(plan.totalBytes()) + ") from " + plan.sysroot() + ": " + list;
            getLog().info(line);
            return Optional.of(line);
        }
        return Optional.empty();
    }

    /** zeroimage's version, named in the SBOM's tools. */
    private String pluginVersion() {
        return mojoExecution == null || mojoExecution.getMojoDescriptor() == null
                || mojoExecution.getMojoDescriptor().getPluginDescriptor() == null ? null
                : mojoExecution.getMojoDescriptor().getPluginDescriptor().getVersion();
    }

    /** Warns when the native build of this session did not write the executable (see {@link NativeBuildOrder}). */
    private void warnIfStale(Path executableFile, NativeImagePlugin nativePlugin) throws IOException {
        if (session == null || session.getRequest() == null || session.getRequest().getStartTime() == null) {
            return;
        }
        NativeBuildOrder.staleWarning(executableFile, session.getRequest().getStartTime().toInstant(), nativePlugin,
                session.getGoals()).ifPresent(getLog()::warn);
    }

    /** The executable as the summary names it: relative to the project's directory when inside it. */
    private String shown(Path executableFile) {
        Path absolute = executableFile.toAbsolutePath().normalize();
        File basedir = project.getBasedir();
        if (basedir != null) {
            Path base = basedir.toPath().toAbsolutePath().normalize();
            if (absolute.startsWith(base) && !absolute.equals(base)) {
                return base.relativize(absolute).toString();
            }
        }
        return absolute.toString();
    }

    /** True when the tar was (re)written, false when an unchanged one was kept. */
    private boolean writeArchive(BuildResult built, ImageReference reference, Instant created, BlobStore store,
                              Path output, long started) throws IOException {
        OciArchiveWriter writer = new OciArchiveWriter(created);
        boolean written = built.multiPlatform()
                ? writer.writeIfChanged(built.multiPlatformImage(), reference, output, store)
                : writer.writeIfChanged(built.image(), reference, output, store);
        getLog().debug((written ? "Archive written after " : "Archive unchanged, kept, after ")
                + (System.nanoTime() - started) / 1_000_000 + " ms");
        return written;
    }

    /** The parameters as one checked value: a bad setting fails here, before the executable is read. */
    private BuildOptions buildOptions(List<BuildTarget> targets, Instant created) {
        return BuildOptions.builder(targets)
                .executablePath(executablePath == null ? null
                        : Settings.parse("executablePath", () -> ImagePath.of(executablePath)))
                .defaultExecutableName(project.getArtifactId())
                .allowDynamic(allowDynamic)
                .libraries(libraries == null || libraries.isBlank() ? null
                        : Settings.parse("libraries", () -> LibraryMode.parse(libraries)))
                .extraLibraries(PomListParameter.value(mojoExecution, session, "extraLibraries", extraLibraries))
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
                .base(BaseSpec.of(from == null ? null : from.getImage(), fromArchive == null ? null : fromArchive.toPath(), caCertificatePaths(),
                        replaceCaCertificates))
                .build();
    }
}
