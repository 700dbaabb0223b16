package dev.zeroimage.build;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.base.BaseResolver;
import dev.zeroimage.cache.BlobStore;
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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one entry point. The order of work is the point: inspect the executable, pick the platform,
 * resolve the base, run every check, and only then write our layers into the blob store (so a bad
 * setting costs no compression of a large executable) and assemble the image on top of the base.
 * Writing the result somewhere (archive, registry) is the sinks' job.
 */
public final class ImageBuilder {
    private final BlobStore store;
    private final BaseResolver bases;
    private final Progress progress;
    private final Consumer<String> log;
    private LibraryPlan libraries = LibraryPlan.NONE;
    private BaseImage base;

    public ImageBuilder(BlobStore store, BaseResolver bases) {
        this(store, bases, Progress.NONE, message -> { });
    }

    /** {@code log} gets a line naming the base image, for a front end to show. */
    public ImageBuilder(BlobStore store, BaseResolver bases, Progress progress, Consumer<String> log) {
        this.store = store;
        this.bases = bases;
        this.progress = progress;
        this.log = log;
    }

    public Image build(BuildOptions options) throws IOException {
        store.removeStaleTempFiles(); // what a killed build left
        // Settings that cannot work together fail before any work (docker + zstd).
        options.format().layerMediaType(options.compression().layerMediaType());

        ElfInfo elf = ElfInspector.inspect(options.executable());
        Platform platform = ExecutableCheck.platformFor(elf, options.platform());

        BaseImage base = bases.resolve(options.base(), platform);
        this.base = base;
        if (!base.isScratch()) {
            log.accept("Base image: " + base.name() + (base.manifestDigest() == null ? ""
                    : " (" + base.manifestDigest() + ")") + ", " + base.layers().size() + " layer(s)");
        }

        ExecutableCheck.requireBaseMatches(base, platform, elf);
        LayerFiles baseFiles = new LayerFiles(base.layers(), base.name(), progress);
        ImagePath executablePath = options.executablePath();
        LayerContents extraFiles = extraFilesContents(options.extraFiles());
        // Loader, libraries and glibc versions: checked (or planned) before any layer is written.
        LibraryPlan plan = Libraries.plan(elf, options.executable(), executablePath.value(), base, baseFiles,
                List.of(extraFiles), options.librarySettings());
        User user = UserCheck.resolve(options.user(), baseFiles, extraFiles);
        if (user != null && !user.equals(options.user())) {
            log.accept("User " + options.user() + " is " + user + " in the image");
        }
        libraries = plan;

        // Only now is anything written: our layers, each with its history line.
        LayerWriter writer = new LayerWriter(store, options.compression(), options.creationTime(), progress);
        List<Addition> additions = new ArrayList<>();
        if (!extraFiles.isEmpty()) {
            additions.add(new Addition(writer.write(extraFiles), "zeroimage: COPY extraFiles"));
        }
        if (plan.bundles()) {
            additions.add(new Addition(writer.write(plan.layer()), plan.historyCommand()));
        }
        LayerContents executableLayer = new LayerContents()
                .add(LayerEntry.file(executablePath.value(), options.executable(), 0755));
        // Only the image path: the file's name on the build machine must not change the digest.
        additions.add(new Addition(writer.write(executableLayer), "zeroimage: COPY executable " + executablePath));

        ImageConfig config = new ConfigMerger(options, base, user).merge(platform, executablePath, additions);
        List<Layer> layers = new ArrayList<>(base.layers());
        additions.forEach(addition -> layers.add(addition.layer()));
        return Image.assemble(config, layers, BaseAnnotations.with(options.annotations(), base), options.format());
    }

    /** The base the last {@link #build} resolved (null before one). */
    public BaseImage base() {
        return base;
    }

    /** What the last {@link #build} did about libraries: bundled files, warnings for the log. */
    public LibraryPlan libraries() {
        return libraries;
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
