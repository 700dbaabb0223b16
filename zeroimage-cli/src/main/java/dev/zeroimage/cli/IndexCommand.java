package dev.zeroimage.cli;

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
import dev.zeroimage.registry.ImagePusher;
import dev.zeroimage.registry.RegistryNames;
import dev.zeroimage.registry.RegistryOptions;
import dev.zeroimage.util.CreationTime;
import dev.zeroimage.util.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code zeroimage index}: the Maven plugin's index goal. Merges images (tars, layout directories,
 * registry references) into one multi-platform image, manifests unchanged; writes it (-o), pushes it
 * (--push), or both. With only --push and only registry sources, no blob is downloaded.
 */
@Command(name = "index", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Merge single- or multi-platform images into one image index (one tag for every"
                + " architecture): write it as an OCI layout tar (-o), push it (--push), or both.")
final class IndexCommand implements Callable<Integer> {
    @ParentCommand
    ZeroImageCli top;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", arity = "1..*",
            description = "An image tar or OCI layout directory, or a registry reference (host/repo:tag,"
                    + " host/repo@sha256:...). An index contributes all its platforms.")
    List<String> images;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH", description = "Write the index as an OCI layout tar.")
    Path output;

    @Option(names = "--push", paramLabel = "REF", description = "Push the index to REF (naming its registry).")
    String push;

    @Option(names = "--tag", paramLabel = "TAG", description = "Another tag for the pushed index (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--image-name", paramLabel = "REF",
            description = "The name recorded in the archive (default: --push, else the output file's name).")
    String imageName;

    @Option(names = "--format", paramLabel = "oci|docker",
            description = "An OCI image index (default) or a Docker manifest list (only over Docker manifests).")
    String format = "oci";

    @Option(names = "--annotation", paramLabel = "KEY=VALUE", description = "An index annotation (repeatable).")
    Map<String, String> annotations = new LinkedHashMap<>();

    @Mixin
    ReportFlags reportFlags;

    @Mixin
    CredentialFlags credentialFlags;

    @Mixin
    RegistryFlags registryFlags;

    @Override
    public Integer call() throws Exception {
        if (output == null && push == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Give -o PATH to write the index tar, --push REF to push it, or both");
        }
        Output out = top.output();
        ImageReference pushTarget = push == null ? null : RegistryNames.pushTarget(push, "--push");
        ImageFormat indexFormat = FlagValues.parse("--format", () -> ImageFormat.parse(format));
        Path workingDirectory = Path.of("").toAbsolutePath();
        List<IndexSource> sources = images.stream().map(image -> IndexSource.parse(image, workingDirectory)).toList();
        Path archive = output == null ? null : output.toAbsolutePath();
        ImageReference reference = FlagValues.parse("--image-name", () -> ImageReference.parse(recordedName()));
        for (IndexSource source : sources) {
            if (archive != null && !source.isRegistry() && source.archive().normalize().equals(archive.normalize())) {
                throw new ZeroImageException("-o " + output + " is also one of the images (" + source
                        + "): writing the index there would replace it. Give another -o");
            }
        }

        Progress progress = TerminalProgress.forContext(top.context, out.quiet());
        String loginRegistry = pushTarget != null ? pushTarget.registry()
                : sources.stream().filter(IndexSource::isRegistry).map(s -> s.reference().registry()).findFirst()
                .orElse(null);
        RegistryOptions registryOptions = registryFlags.options(
                credentialFlags.source(top.context, loginRegistry, out::info), progress, out::info);
        BlobStore store = new BlobStore(registryFlags.cacheDirectory(top.context));
        long started = System.nanoTime();
        // Only pushing, and nothing on disk to read: leave the layers in the registries.
        boolean fetchLayers = archive != null || !IndexMerger.allFromRegistries(sources);
        List<SourcedImage> read = new IndexSources(store, any -> registryOptions, out::info).read(sources, fetchLayers);
        MultiPlatformImage index = IndexMerger.merge(read, annotations, indexFormat);
        if (archive != null) {
            boolean written = new OciArchiveWriter(entryTime()).writeIfChanged(index, reference, archive, store);
            out.debug(written ? "Archive written" : "Archive unchanged, kept");
        }
        ImageReport report = ImageReport.of(index, reference, archive);
        out.result(BuildSummary.built(reference.familiarName(), index, (System.nanoTime() - started) / 1_000_000,
                archive));
        if (pushTarget != null) {
            ImagePusher.Result result = new ImagePusher(registryOptions, out::info)
                    .push(index, pushTarget, tags, IndexMerger.origins(read));
            report = report.withPushed(result.references(), result.digest().toString());
            out.result(BuildSummary.pushed(result));
        } else if (!tags.isEmpty()) {
            out.info("Note: --tag applies to --push; nothing was pushed");
        }
        reportFlags.write(report);
        return 0;
    }

    /** --image-name, else --push, else the output file's name without .tar (lower case) + :latest. */
    private String recordedName() {
        if (imageName != null) {
            return imageName;
        }
        if (push != null) {
            return push;
        }
        String name = output.getFileName().toString().replaceFirst("\\.tar$", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]", "-").replaceAll("^[._-]+", "");
        return (name.isEmpty() ? "image" : name) + ":latest";
    }

    /** The tar's entry times: SOURCE_DATE_EPOCH, else the epoch (the index itself has no time). */
    private Instant entryTime() {
        Instant fromEnvironment = CreationTime.fromSourceDateEpoch(top.context.environment().get("SOURCE_DATE_EPOCH"));
        return fromEnvironment != null ? fromEnvironment : Instant.EPOCH;
    }
}
