package dev.zeroimage.libraries;

import dev.zeroimage.layer.LayerEntry;
import dev.zeroimage.layer.LayerFiles;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Image paths: {@code ..} resolved, and placed through the base's linked directories. */
final class LayerPaths {
    private LayerPaths() {
    }

    /** Resolves {@code .} and {@code ..} lexically (run paths such as {@code $ORIGIN/../lib} have them). */
    static String normalizeLoosely(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /**
     * Where a new file at {@code path} lands without replacing a directory link of the base: on a
     * usr-merged base {@code /lib/x86_64-linux-gnu/libz.so.1} becomes {@code /usr/lib/x86_64-linux-gnu/libz.so.1}
     * (a directory entry {@code /lib} in our layer would hide the base's {@code /lib -> usr/lib}).
     */
    static String place(String path, LayerFiles base) throws IOException {
        String normalized = LayerEntry.normalize(path);
        String rest = "";
        String dir = LayerEntry.parentOf(normalized);
        String name = normalized.substring(normalized.lastIndexOf('/') + 1);
        while (dir != null && !dir.equals("/")) {
            Optional<String> real = base.realPath(dir);
            if (real.isPresent()) {
                return (real.get().equals("/") ? "" : real.get()) + rest + "/" + name;
            }
            rest = dir.substring(dir.lastIndexOf('/')) + rest;
            dir = LayerEntry.parentOf(dir);
        }
        return normalized;
    }
}
