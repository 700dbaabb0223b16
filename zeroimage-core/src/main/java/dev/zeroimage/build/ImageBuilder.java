package dev.zeroimage.build;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.elf.ElfInfo;
import dev.zeroimage.elf.ElfInspector;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.Platform;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one entry point: checks the executable, writes our layers into the blob store and assembles
 * the image on top of a base. Writing the result somewhere (archive, registry) is the sinks' job.
 */
public final class ImageBuilder {
    private final BlobStore store;
    private final Progress progress;
    private LibraryPlan libraries = LibraryPlan.NONE;

    public ImageBuilder(BlobStore store) {
        this(store, Progress.NONE);
    }

    public ImageBuilder(BlobStore store, Progress progress) {
        this.store = store;
        this.progress = progress;
    }

    /** Resolves the base once the platform is known (it comes from the executable). */
    @FunctionalInterface
    public interface BaseProvider {
        BaseImage resolve(Platform platform) throws IOException;
    }

    public Image build(BuildOptions options, BaseProvider baseProvider) throws IOException {
        store.removeStaleTempFiles(); // what a killed build left
        // Fails before any work when the format cannot carry our layers (docker + zstd).
        options.format().layerMediaType(options.compression().layerMediaType());
        ElfInfo elf = ElfInspector.inspect(options.executable());
        Platform platform = ExecutableCheck.platformFor(elf, options.platform());
        BaseImage base = baseProvider.resolve(platform);
        ExecutableCheck.requireBaseMatches(base, platform, elf);
        LayerFiles baseFiles = new LayerFiles(base.layers(), base.name(), progress);
        String executablePath = options.executablePath() != null
                ? LayerEntry.normalize(options.executablePath())
                : "/" + options.executable().getFileName();
        LayerContents extraFiles = extraFilesContents(options.extraFiles());
        // Loader, libraries and glibc versions: checked (or planned) before any layer is written.
        libraries = Libraries.plan(elf, options.executable(), executablePath, base, baseFiles, List.of(extraFiles),
                options.librarySettings());

        LayerWriter writer = new LayerWriter(store, options.compression(), options.creationTime(), progress);
        List<Layer> layers = new ArrayList<>(base.layers());
        List<String> historyCommands = new ArrayList<>();
        if (!extraFiles.isEmpty()) {
            layers.add(writer.write(extraFiles));
            historyCommands.add("zeroimage: COPY extraFiles");
        }
        if (libraries.bundles()) {
            layers.add(writer.write(libraries.layer()));
            historyCommands.add(libraries.historyCommand());
        }
        LayerContents executableLayer = new LayerContents()
                .add(LayerEntry.file(executablePath, options.executable(), 0755));
        layers.add(writer.write(executableLayer));
        // Only the image path: the file's name on the build machine must not change the digest.
        historyCommands.add("zeroimage: COPY executable " + executablePath);

        ImageConfig config = new ConfigMerger(options, base).merge(platform, executablePath, layers, historyCommands);
        UserCheck.requireUserExists(options.user(), baseFiles, extraFiles);
        return Image.assemble(config, layers, annotations(options, base), options.format());
    }

    /** What the last {@link #build} did about libraries: bundled files, warnings for the log. */
    public LibraryPlan libraries() {
        return libraries;
    }

    private static Map<String, String> annotations(BuildOptions options, BaseImage base) {
        Map<String, String> annotations = new LinkedHashMap<>(options.annotations());
        if (base.reference() != null && base.manifestDigest() != null) {
            annotations.put("org.opencontainers.image.base.name", base.reference().toString());
            annotations.put("org.opencontainers.image.base.digest", base.manifestDigest().toString());
        }
        return annotations;
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
