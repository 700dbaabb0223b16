package dev.zeroimage.libraries;

import dev.zeroimage.layer.LayerContents;
import dev.zeroimage.util.WatchedPath;

import java.util.List;

/**
 * What the library step decided: the bundle layer's contents (null when nothing is bundled), its
 * files for the report, where they came from, warnings for the log ({@code libraries=ignore}), and the
 * paths on the build machine the decision rests on ({@code inputs}: unchanged, the same plan again).
 */
public record LibraryPlan(LayerContents layer, List<BundledFile> files, String sysroot, List<String> warnings,
                          List<WatchedPath> inputs) {
    public static final LibraryPlan NONE = new LibraryPlan(null, List.of(), null, List.of());

    public LibraryPlan {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
        inputs = List.copyOf(inputs);
    }

    /** A plan that rests on nothing outside the image (nothing bundled). */
    public LibraryPlan(LayerContents layer, List<BundledFile> files, String sysroot, List<String> warnings) {
        this(layer, files, sysroot, warnings, List.of());
    }

    public boolean bundles() {
        return layer != null && !layer.isEmpty();
    }

    public long totalBytes() {
        return files.stream().mapToLong(BundledFile::size).sum();
    }

    /** The image history line of the bundle layer: only image-side names, so the digest does not depend on the sysroot's path. */
    public String historyCommand() {
        return "zeroimage: COPY libraries " + String.join(" ", files.stream().map(BundledFile::path).toList());
    }
}
