package dev.zeroimage.cli;

import dev.zeroimage.InvalidSettingException;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.archive.OciArchiveWriter;
import dev.zeroimage.base.BaseImageResolver;
import dev.zeroimage.base.BaseSpec;
import dev.zeroimage.base.StaticBase;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.build.BuildResult;
import dev.zeroimage.build.BuildTarget;
import dev.zeroimage.build.BuildSummary;
import dev.zeroimage.build.ExtraFile;
import dev.zeroimage.build.BuildWarmUp;
import dev.zeroimage.build.ImageBuilder;
import dev.zeroimage.build.ImageReport;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImagePath;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Platform;
import dev.zeroimage.image.Port;
import dev.zeroimage.image.User;
import dev.zeroimage.layer.Compression;
import dev.zeroimage.libraries.BundledFile;
import dev.zeroimage.libraries.LibraryMode;
import dev.zeroimage.libraries.LibraryPlan;
import dev.zeroimage.registry.ImagePusher;
import dev.zeroimage.registry.RegistryNames;
import dev.zeroimage.registry.RegistryOptions;
import dev.zeroimage.registry.RegistryProbe;
import dev.zeroimage.util.CreationTime;
import dev.zeroimage.util.Progress;
import dev.zeroimage.util.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code zeroimage build}: the Maven plugin's build goal from flags. Maps them onto the same core API
 * as the BuildMojo (BuildOptions, ImageBuilder, BaseImageResolver, OciArchiveWriter, ImagePusher,
 * ImageReport); every image rule lives there.
 */
@Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Build an image from a native executable and write it as an OCI/docker-load tar"
                + " (-o, default ENTRYPOINT.tar), or push it (--push), or both.")
final class BuildCommand implements Callable<Integer> {
    @ParentCommand
    ZeroImageCli top;

    @Parameters(paramLabel = "ENTRYPOINT", arity = "1..*",
            description = "The executable (its platform comes from its ELF header); several make a"
                    + " multi-platform image, one platform each.")
    List<Path> entrypoints;

    @Option(names = "--from", paramLabel = "IMAGE",
            description = "The base: scratch (default), static (built in), or an image reference.")
    String from;

    @Option(names = "--from-archive", paramLabel = "PATH",
            description = "A base on disk: OCI image-layout tar or directory, or a docker save tar.")
    Path fromArchive;

    @Option(names = "--static", description = "The built-in minimal base (users, /tmp, CA certificates, time zones):"
            + " the same as --from static.")
    boolean staticBase;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "Default: from the ELF header; picks the base from a multi-platform index. One"
                    + " ENTRYPOINT only: with several, each platform comes from its ELF header.")
    String platform;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH",
            description = "The image tar (default: the first ENTRYPOINT + .tar; with --push, none unless given).")
    Path output;

    @Option(names = "--push", paramLabel = "REF", description = "Push to REF (naming its registry).")
    String push;

    @Option(names = "--tag", paramLabel = "TAG", description = "Another tag for the pushed manifest (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--image-name", paramLabel = "REF",
            description = "The reference recorded in the archive (default: --push, else ENTRYPOINT's name:latest).")
    String imageName;

    @Option(names = "--entrypoint-path", paramLabel = "PATH",
            description = "Where the executable goes in the image (default: / + its file name; needed for"
                    + " several ENTRYPOINTs of different file names).")
    String entrypointPath;

    @Option(names = "--arg", paramLabel = "ARG", description = "An argument of the image's Cmd (repeatable).")
    List<String> args;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "An environment variable (repeatable).")
    Map<String, String> environment = new LinkedHashMap<>();

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "An image label (repeatable).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--annotation", paramLabel = "KEY=VALUE", description = "A manifest annotation (repeatable).")
    Map<String, String> annotations = new LinkedHashMap<>();

    @Option(names = "--port", paramLabel = "PORT[/PROTO]", description = "An exposed port: 8080, 53/udp (repeatable).")
    List<String> ports = new ArrayList<>();

    @Option(names = "--volume", paramLabel = "PATH", description = "A volume, an absolute path (repeatable).")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--workdir", paramLabel = "PATH", description = "The working directory.")
    String workingDirectory;

    @Option(names = "--user", paramLabel = "USER", description = "uid[:gid] or a name in the image's /etc/passwd.")
    String user;

    @Option(names = "--add", paramLabel = "SRC:TARGET[:MODE]",
            description = "A file or directory to add at TARGET (absolute), MODE octal (repeatable).")
    List<String> extraFiles = new ArrayList<>();

    @Option(names = "--allow-dynamic", description = "Accept a dynamically linked executable although the base"
            + " lacks its loader.")
    boolean allowDynamic;

    @Option(names = "--libraries", paramLabel = "check|bundle|ignore",
            description = "A dynamic executable's loader and libraries: check (the image must have them; default),"
                    + " bundle (copy them from the sysroot into a layer) or ignore.")
    String libraries;

    @Option(names = "--sysroot", paramLabel = "DIR", description = "Where bundled libraries come from (default: /, or /usr/<triplet> for another"
            + " architecture).")
    Path sysroot;

    @Option(names = "--format", paramLabel = "oci|docker", description = "Media types (default: oci).")
    String format = "oci";

    @Option(names = "--compression", paramLabel = "gzip|zstd", description = "Layer compression (default: gzip).")
    String compression = "gzip";

    @Option(names = "--compression-level", paramLabel = "N", description = "gzip 1-9 (default 4), zstd 1-22 (default 3).")
    Integer compressionLevel;

    @Option(names = "--creation-time", paramLabel = "TIME",
            description = "ISO-8601, epoch seconds or now (default: SOURCE_DATE_EPOCH, else 1970-01-01T00:00:00Z).")
    String creationTime;

    @Option(names = "--replace-ca-certs", description = "With the static base: its CA bundle holds only --ca-cert.")
    boolean replaceCaCertificates;

    @Mixin
    ReportFlags reportFlags;

    @Mixin
    CredentialFlags credentialFlags;

    @Mixin
    RegistryFlags registryFlags;

    @Override
    public Integer call() throws Exception {
        Output out = top.output();
        boolean multiPlatform = entrypoints.size() > 1;
        requireMultiPlatformFlags();
        Path executable = entrypoints.get(0);
        String base = base();
        ImageReference pushTarget = push == null ? null : RegistryNames.pushTarget(push, "--push");
        ImageReference reference = FlagValues.parse("--image-name", () -> ImageReference.parse(recordedName(executable)));
        Path archive = output != null ? output.toAbsolutePath()
                : push == null ? Path.of(executable + ".tar").toAbsolutePath() : null;
        Instant created = creationTime();

        Map<String, String> manifestAnnotations = new LinkedHashMap<>(annotations);
        manifestAnnotations.putIfAbsent("org.opencontainers.image.created", created.toString());
        BuildOptions options = BuildOptions.builder(entrypoints.stream().map(BuildTarget::of).toList())
                .executablePath(entrypointPath == null ? null
                        : FlagValues.parse("--entrypoint-path", () -> ImagePath.of(entrypointPath)))
                .platform(platform == null || platform.isBlank() ? null
                        : FlagValues.parse("--platform", () -> Platform.parse(platform)))
                .allowDynamic(allowDynamic)
                .libraries(libraries == null || libraries.isBlank() ? null
                        : FlagValues.parse("--libraries", () -> LibraryMode.parse(libraries)))
                .sysroot(sysroot)
                .args(args)
                .environment(environment)
                .workingDirectory(workingDirectory)
                .user(user == null || user.isBlank() ? null : new User(user))
                .labels(labels)
                .ports(ports.stream().map(Port::parse).toList())
                .volumes(volumes)
                .extraFiles(extraFiles())
                .creationTime(created)
                .annotations(manifestAnnotations)
                .format(FlagValues.parse("--format", () -> ImageFormat.parse(format)))
                .compression(compression())
                .base(FlagValues.parse("--from", () -> BaseSpec.of(base, fromArchive, registryFlags.caCertificates,
                        replaceCaCertificates)))
                .build();

        Progress progress = TerminalProgress.forContext(top.context, out.quiet());
        // --username/--password-stdin log in to the push target, else to the --from registry.
        String targetRegistry = pushTarget != null ? pushTarget.registry() : baseRegistry(options.base());
        RegistryOptions registryOptions = registryFlags.options(
                credentialFlags.source(top.context, targetRegistry, out::info), progress, out::info);
        if (pushTarget != null) {
            RegistryProbe.start(registryOptions, pushTarget); // connected and TLS done while we build (issue 16)
        }
        BuildWarmUp.start(); // tar writer, SHA-256 and Jackson get ready on the second core while we check (issue 16)
        BlobStore store = new BlobStore(registryFlags.cacheDirectory(top.context));
        BaseImageResolver bases = new BaseImageResolver(store, registryOptions, options.compression(), created);
        long started = System.nanoTime();
        BuildResult built = buildAll(new ImageBuilder(store, bases, progress, out::info), options);
        for (LibraryPlan bundled : built.libraries()) {
            bundled.warnings().forEach(out::info);
            if (bundled.bundles()) {
                out.info("Bundled " + bundled.files().size() + (bundled.files().size() == 1 ? " library (" : " libraries (")
                        + Sizes.human(bundled.totalBytes()) + ") from " + bundled.sysroot() + ": "
                        + String.join(", ", bundled.files().stream().map(BundledFile::name).toList()));
            }
        }
        MultiPlatformImage index = multiPlatform ? built.multiPlatformImage() : null;
        boolean kept = false;
        if (archive != null) {
            OciArchiveWriter writer = new OciArchiveWriter(created);
            boolean written = index != null ? writer.writeIfChanged(index, reference, archive, store)
                    : writer.writeIfChanged(built.image(), reference, archive, store);
            out.debug(written ? "Archive written" : "Archive unchanged, kept");
            kept = !written;
        }
        ImageReport report = index != null ? ImageReport.of(index, reference, archive)
                : ImageReport.of(built.image(), reference, archive).withLibraries(built.single().libraries().files());
        long millis = (System.nanoTime() - started) / 1_000_000;
        // The plugin's line: the executable packed and its size, "kept" for an unchanged tar.
        Path packed = index != null ? null : built.single().executable();
        out.result(index != null ? BuildSummary.built(reference.familiarName(), index, millis, archive, kept)
                : BuildSummary.built(reference.familiarName(), built.image(), millis, archive, kept,
                        packed.toString(), Files.size(packed)));
        if (pushTarget != null) {
            ImagePusher pusher = new ImagePusher(registryOptions, out::info);
            ImagePusher.Result result = index != null
                    ? pusher.push(index, pushTarget, tags, options.base().mountSource())
                    : pusher.push(built.image(), pushTarget, tags, options.base().mountSource());
            report = report.withPushed(result.references(), result.digest().toString());
            out.result(BuildSummary.pushed(result));
        } else if (!tags.isEmpty()) {
            out.info("Note: --tag applies to --push; nothing was pushed");
        }
        reportFlags.write(report);
        return 0;
    }

    /**
     * Several ENTRYPOINTs make a multi-platform image: each one's platform comes from its ELF header, so
     * --platform (one value for several files) is refused, and the executables' path in the image needs
     * --entrypoint-path when their file names differ.
     */
    private void requireMultiPlatformFlags() {
        if (entrypoints.size() < 2) {
            return;
        }
        if (platform != null && !platform.isBlank()) {
            throw new ZeroImageException("--platform " + platform + " names one platform, but " + entrypoints.size()
                    + " ENTRYPOINTs make a multi-platform image whose platforms come from their ELF headers:"
                    + " remove --platform");
        }
        List<String> names = entrypoints.stream().map(path -> String.valueOf(path.getFileName())).distinct().toList();
        if (entrypointPath == null && names.size() > 1) {
            throw new ZeroImageException("The ENTRYPOINTs have different file names (" + String.join(", ", names)
                    + "): set --entrypoint-path, the executable's path in every platform's image, like /app");
        }
    }

    /** The core names two executables for one platform by the plugin's parameter; here they are ENTRYPOINTs. */
    private static BuildResult buildAll(ImageBuilder builder, BuildOptions options) throws java.io.IOException {
        try {
            return builder.buildAll(options);
        } catch (InvalidSettingException e) {
            if (e.setting().equals("executables")) {
                throw new ZeroImageException("Invalid ENTRYPOINTs: " + e.problem(), e);
            }
            throw e;
        }
    }

    /** --from, --static (the same as --from static); scratch when neither. */
    private String base() {
        if (staticBase && from != null && !from.trim().equals(StaticBase.NAME)) {
            throw new ZeroImageException("--static and --from " + from + " name two bases: keep one of them");
        }
        return staticBase ? StaticBase.NAME : from;
    }

    /** The registry of a --from image reference; null for scratch, static and archives. */
    private static String baseRegistry(BaseSpec base) {
        return base instanceof BaseSpec.Registry registry ? registry.reference().registry() : null;
    }

    /** --image-name, else --push, else the executable's file name (lower case, as references must be) + :latest. */
    private String recordedName(Path executable) {
        if (imageName != null) {
            return imageName;
        }
        if (push != null) {
            return push;
        }
        String name = executable.getFileName().toString().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]", "-").replaceAll("^[._-]+", "");
        return (name.isEmpty() ? "image" : name) + ":latest";
    }

    /** --creation-time, else SOURCE_DATE_EPOCH, else the epoch: reproducible by default. */
    private Instant creationTime() {
        if (creationTime != null && !creationTime.isBlank()) {
            return CreationTime.parse(creationTime, "--creation-time");
        }
        Instant fromEnvironment = CreationTime.fromSourceDateEpoch(top.context.environment().get("SOURCE_DATE_EPOCH"));
        return fromEnvironment != null ? fromEnvironment : Instant.EPOCH;
    }

    private Compression compression() {
        Compression algorithm = FlagValues.parse("--compression", () -> Compression.of(compression, null));
        return compressionLevel == null ? algorithm
                : FlagValues.parse("--compression-level", () -> Compression.of(compression, compressionLevel));
    }

    /** {@code SRC:TARGET[:MODE]}: TARGET is the first {@code :/…} part; a trailing octal {@code :MODE} is the mode. */
    private List<ExtraFile> extraFiles() {
        List<ExtraFile> result = new ArrayList<>();
        for (String value : extraFiles) {
            String where = "--add " + value;
            int split = value.indexOf(":/");
            if (split <= 0) {
                throw new ZeroImageException(where + ": expected SRC:TARGET[:MODE] with TARGET an absolute path in"
                        + " the image, like config.yml:/etc/app/config.yml:0644");
            }
            String source = value.substring(0, split);
            String target = value.substring(split + 1);
            String mode = null;
            int modeSplit = target.lastIndexOf(':');
            if (modeSplit > 0) {
                mode = target.substring(modeSplit + 1);
                target = target.substring(0, modeSplit);
            }
            Path sourcePath = Path.of(source);
            if (!sourcePath.toFile().exists()) {
                throw new ZeroImageException(where + ": source " + source + " does not exist");
            }
            result.add(new ExtraFile(sourcePath, target, ExtraFile.parseMode(mode, where)));
        }
        return result;
    }

}
