package dev.zeroimage.archive;

import dev.zeroimage.ZeroImageException;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The symbolic and hard links of a base image archive. {@code docker save} stores a layer that two
 * images share once and links the second name to it ({@code ccc/layer.tar -> ../bbb/layer.tar});
 * such links are followed within the archive. A link that points outside it (absolute, or climbing
 * above its root with {@code ..}) is refused, naming the entry.
 */
final class ArchiveLinks {
    /** Linux gives up after 40 links in one lookup (ELOOP). */
    private static final int MAX_HOPS = 40;

    private final Path archive;
    /** Link name to the path it points to, both relative to the archive root and normalized. */
    private final Map<String, String> links = new LinkedHashMap<>();

    ArchiveLinks(Path archive) {
        this.archive = archive;
    }

    /** Records the entry {@code name} linking to {@code target}: for a hard link relative to the root, else to the entry's directory. */
    void add(String name, String target, boolean hard) {
        String link = normalize(name);
        if (target == null || target.isEmpty() || target.startsWith("/")) {
            throw leaves(name, target);
        }
        int slash = link.lastIndexOf('/');
        String base = hard || slash < 0 ? "" : link.substring(0, slash + 1);
        String resolved = normalize(base + target);
        if (link == null || resolved == null || resolved.isEmpty()) {
            throw leaves(name, target);
        }
        links.put(link, resolved);
    }

    Iterable<String> names() {
        return new ArrayList<>(links.keySet());
    }

    /**
     * The path {@code name} ends at once every link on the way (its parent directories included)
     * is followed; null when it would leave the archive or loops.
     */
    String resolve(String name) {
        String start = normalize(name);
        if (start == null) {
            return null;
        }
        Deque<String> pending = new ArrayDeque<>(components(start));
        String current = "";
        int hops = 0;
        while (!pending.isEmpty()) {
            String component = pending.pollFirst();
            String candidate = current.isEmpty() ? component : current + "/" + component;
            String target = links.get(candidate);
            if (target == null) {
                current = candidate;
                continue;
            }
            if (++hops > MAX_HOPS) {
                throw new ZeroImageException("The base image archive " + archive + " has links that loop or"
                        + " chain more than " + MAX_HOPS + " times at '" + candidate + "': refusing to read it");
            }
            List<String> parts = components(target);
            for (int i = parts.size() - 1; i >= 0; i--) {
                pending.addFirst(parts.get(i));
            }
            current = "";
        }
        return current;
    }

    private ZeroImageException leaves(String name, String target) {
        return new ZeroImageException("The base image archive " + archive + " has a link '" + name + "' -> '"
                + target + "' that points outside the archive: refusing to read it. Export the image again"
                + " (docker save, skopeo copy) or use an OCI layout without such links");
    }

    /** {@code a/./b/../c} as {@code a/c}; null when {@code ..} climbs above the root. */
    static String normalize(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    private static List<String> components(String normalized) {
        return normalized.isEmpty() ? List.of() : List.of(normalized.split("/"));
    }

}
