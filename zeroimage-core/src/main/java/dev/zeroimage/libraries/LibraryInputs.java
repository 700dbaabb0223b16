package dev.zeroimage.libraries;

import dev.zeroimage.util.WatchedPath;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every path on the build machine the library step looked at, each as it was when first looked at
 * (before it was read): the sysroot lookups component by component (so a library that appears earlier
 * in the search is a found-now-absent path), ld.so.cache and ld.so.conf, the dpkg status file, the
 * libraries themselves. If every one is unchanged, the step would decide the same again.
 */
final class LibraryInputs {
    private final Map<String, WatchedPath> watched = new LinkedHashMap<>();

    /** Notes what {@code path} is now, unless it was looked at before. */
    void look(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        if (!watched.containsKey("P" + absolute)) {
            watched.put("P" + absolute, WatchedPath.look(absolute));
        }
    }

    /** Notes the names in {@code directory} now, unless it was listed before. */
    void listing(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath().normalize();
        if (!watched.containsKey("L" + absolute)) {
            watched.put("L" + absolute, WatchedPath.listing(absolute));
        }
    }

    List<WatchedPath> paths() {
        return List.copyOf(new ArrayList<>(watched.values()));
    }
}
