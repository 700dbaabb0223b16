package dev.zeroimage.build;

import dev.zeroimage.InvalidSettingException;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.base.BaseResolver;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.cache.DamagedBlobException;
import dev.zeroimage.elf.ElfInfo;
import dev.zeroimage.elf.ElfInspector;
import dev.zeroimage.image.Addition;
import dev.zeroimage.image.BaseAnnotations;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.ImagePath;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.Platform;
import dev.zeroimage.image.User;
import dev.zeroimage.layer.LayerContents;
import dev.zeroimage.layer.LayerEntry;
import dev.zeroimage.layer.LayerFiles;
import dev.zeroimage.layer.LayerWriter;
import dev.zeroimage.libraries.Libraries;
import dev.zeroimage.libraries.LibraryPlan;
import dev.zeroimage.util.FileKind;
import dev.zeroimage.util.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one entry point. The order of work is the point: inspect the executables, pick their platforms,
 * resolve each platform's base, run every check for every platform, and only then write our layers
 * into the blob store (so a bad setting costs no compression of a large executable) and assemble each
 * image on top of its base. Writing the result somewhere (archive, registry) is the sinks' job.
 */
public final class ImageBuilder {
    private final BlobStore store;
    private final BaseResolver bases;
    private final Progress progress;
    private final Consumer<String> log;

    public ImageBuilder(BlobStore store, BaseResolver bases) {
        this(store, bases, Progress.NONE, message -> { });
    }

    /** {@code log} gets a line naming the base image (one per platform), for a front end to show. */
    public ImageBuilder(BlobStore store, BaseResolver bases, Progress progress, Consumer<String> log) {
        this.store = store;
        this.bases = bases;
        this.progress = progress;
        this.log = log;
    }

    /** A single-platform build (one executable): its image. */
    public Image build(BuildOptions options) throws IOException {
        if (options.multiPlatform()) {
            throw new IllegalArgumentException("a build of " + options.targets().size()
                    + " executables makes several images: use buildAll");
        }
        return buildAll(options).image();
    }

    /** Builds one image per executable; with several, the caller makes a multi-platform image of them. */
    public BuildResult buildAll(BuildOptions options) throws IOException {
        store.removeStaleTempFiles(); // what a killed build left
        // Settings that cannot work together fail before any work (docker + zstd).
        options.format().layerMediaType(options.compression().layerMediaType());

        // Every executable and its platform first: a wrong file or platform costs no base download.
        List<Target> targets = new ArrayList<>();
        for (BuildTarget target : options.targets()) {
            ElfInfo elf = ElfInspector.inspect(target.executable());
            targets.add(new Target(target.executable(), elf, ExecutableCheck.platformFor(elf, target.platform())));
        }
        requireOnePerPlatform(targets);

        ImagePath executablePath = options.executablePath();
        LayerContents extraFiles = extraFilesContents(options.extraFiles());
        List<Checked> checked = new ArrayList<>();
        for (Target target : targets) {
            checked.add(forPlatform(target, options.multiPlatform(), () -> check(target, options, extraFiles)));
        }
        logResolvedUser(options.user(), checked);

        // Only now is anything written: our layers, each with its history line. The extraFiles layer is
        // the same for every platform: written once.
        LayerWriter writer = new LayerWriter(store, options.compression(), options.creationTime(), progress);
        Addition extraFilesLayer = extraFiles.isEmpty() ? null
                : new Addition(writer.write(extraFiles), "zeroimage: COPY extraFiles");
        List<PlatformBuild> builds = new ArrayList<>();
        for (Checked platform : checked) {
            List<Addition> additions = new ArrayList<>();
            if (extraFilesLayer != null) {
                additions.add(extraFilesLayer);
            }
            if (platform.libraries().bundles()) {
                additions.add(new Addition(writer.write(platform.libraries().layer()),
                        platform.libraries().historyCommand()));
            }
            LayerContents executableLayer = new LayerContents()
                    .add(LayerEntry.file(executablePath.value(), platform.target().executable(), 0755));
            // Only the image path: the file's name on the build machine must not change the digest.
            additions.add(new Addition(writer.write(executableLayer), "zeroimage: COPY executable " + executablePath));

            BaseImage base = platform.base();
            ImageConfig config = new ConfigMerger(options, base, platform.user()).merge(platform.target().platform(), executablePath,
                    additions);
            List<Layer> layers = new ArrayList<>(base.layers());
            additions.forEach(addition -> layers.add(addition.layer()));
            Image image = Image.assemble(config, layers, BaseAnnotations.with(options.annotations(), base),
                    options.format());
            builds.add(new PlatformBuild(image, base, platform.libraries(), platform.target().executable()));
        }
        return new BuildResult(builds, options.annotations(), options.format());
    }

    /** One platform's base and checks: everything that can fail, and nothing written but the base's blobs. */
    private Checked check(Target target, BuildOptions options, LayerContents extraFiles) throws IOException {
        Platform platform = target.platform();
        BaseImage base = bases.resolve(options.base(), platform);
        if (!base.isScratch()) {
            log.accept("Base image: " + base.name() + (base.manifestDigest() == null ? ""
                    : " (" + base.manifestDigest() + ")") + ", " + base.layers().size() + " layer(s)"
                    + (options.multiPlatform() ? ", for " + platform : ""));
        }
        ExecutableCheck.requireBaseMatches(base, platform, target.elf());
        LayerFiles baseFiles = new LayerFiles(base.layers(), base.name(), progress);
        // Loader, libraries and glibc versions: checked (or planned) before any layer is written.
        LibraryPlan plan = Libraries.plan(target.elf(), target.executable(), options.executablePath().value(), base,
                baseFiles, List.of(extraFiles), options.librarySettings());
        User user = UserCheck.resolve(options.user(), baseFiles, extraFiles);
        return new Checked(target, base, plan, user);
    }

    /** "User nonroot is 65532:65532 in the image": once, or per platform when the platforms' images differ. */
    private void logResolvedUser(User configured, List<Checked> checked) {
        if (configured == null || checked.stream().allMatch(platform -> configured.equals(platform.user()))) {
            return;
        }
        boolean same = checked.stream().map(Checked::user).distinct().count() == 1;
        for (Checked platform : same ? checked.subList(0, 1) : checked) {
            log.accept("User " + configured + " is " + platform.user() + " in the image"
                    + (same ? "" : " for " + platform.target().platform()));
        }
    }

    /** Two executables for one platform would make an index with two entries nobody could choose between. */
    private static void requireOnePerPlatform(List<Target> targets) {
        for (int i = 0; i < targets.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (targets.get(j).platform().matches(targets.get(i).platform())) {
                    throw new InvalidSettingException("executables", targets.get(j).executable() + " and "
                            + targets.get(i).executable() + " are both for " + targets.get(i).platform()
                            + ": give one executable per platform");
                }
            }
        }
    }

    /**
     * Runs one platform's step; in a multi-platform build its error says which platform and executable it
     * is about. A damaged cache blob keeps its type, so the build's one retry still heals it.
     */
    private static <T> T forPlatform(Target target, boolean several, Step<T> step) throws IOException {
        try {
            return step.run();
        } catch (DamagedBlobException e) {
            throw e;
        } catch (InvalidSettingException e) {
            if (!several) {
                throw e;
            }
            throw new InvalidSettingException(e.setting(), "for " + target.describe() + ": " + e.problem());
        } catch (ZeroImageException e) {
            if (!several) {
                throw e;
            }
            throw new ZeroImageException("For " + target.describe() + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws IOException;
    }

    /** An executable with its ELF facts and the platform it is for. */
    private record Target(Path executable, ElfInfo elf, Platform platform) {
        String describe() {
            return platform + " (executable " + executable + ")";
        }
    }

    /** A target whose base is resolved and whose checks passed. */
    private record Checked(Target target, BaseImage base, LibraryPlan libraries, User user) {
    }

    private static LayerContents extraFilesContents(List<ExtraFile> extraFiles) throws IOException {
        LayerContents contents = new LayerContents();
        for (ExtraFile extra : extraFiles) {
            if (extra.source() == null || extra.target() == null) {
                throw new ZeroImageException("Each extraFiles entry needs a source and a target (an absolute path"
                        + " in the image)");
            }
            if (Files.isDirectory(extra.source())) {
                contents.addTree(extra.source(), extra.target(), extra.mode());
            } else if (Files.isRegularFile(extra.source())) {
                int mode = extra.mode() != null ? extra.mode() : (Files.isExecutable(extra.source()) ? 0755 : 0644);
                contents.add(LayerEntry.file(extra.target(), extra.source(), mode));
            } else if (Files.exists(extra.source())) {
                throw new ZeroImageException("extraFiles source " + extra.source() + " is "
                        + FileKind.describe(extra.source().toRealPath()) + ", which cannot be put into an image:"
                        + " use a regular file or a directory");
            } else {
                throw new ZeroImageException("extraFiles source " + extra.source()
                        + " does not exist: fix the path or remove the entry");
            }
        }
        return contents;
    }
}
