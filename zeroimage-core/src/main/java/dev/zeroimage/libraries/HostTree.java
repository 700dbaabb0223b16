package dev.zeroimage.libraries;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory on the build machine seen as a root file system (a sysroot): absolute links inside it
 * point into it, and {@code ..} never leaves it, as if it were chroot'ed.
 */
final class HostTree implements FileTree {
    private static final int MAX_SYMLINKS = 40;

    private final Path root;
    private final LibraryInputs inputs;

    HostTree(Path root) {
        this(root, null);
    }

    /** @param inputs where each path looked at is noted (null: nowhere) */
    HostTree(Path root, LibraryInputs inputs) {
        this.root = root.toAbsolutePath().normalize();
        this.inputs = inputs;
    }

    /** Notes a file outside the tree's own lookups that the step reads (a library found by $ORIGIN). */
    void watch(Path file) throws IOException {
        if (inputs != null) {
            inputs.look(file);
        }
    }

    Path root() {
        return root;
    }

    /** The file on disk for a resolved path of this tree. */
    Path hostPath(String resolved) {
        String relative = resolved.startsWith("/") ? resolved.substring(1) : resolved;
        return relative.isEmpty() ? root : root.resolve(relative);
    }

    @Override
    public Optional<String> realPath(String path) throws IOException {
        Deque<String> pending = new ArrayDeque<>(List.of(path.split("/")));
        StringBuilder current = new StringBuilder();
        int links = 0;
        while (!pending.isEmpty()) {
            String component = pending.pollFirst();
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                int slash = current.lastIndexOf("/");
                current.setLength(Math.max(slash, 0));
                continue;
            }
            String candidate = current + "/" + component;
            Path host = hostPath(candidate);
            watch(host); // each component: a link retargeted or a file appearing changes the outcome
            if (Files.isSymbolicLink(host)) {
                if (++links > MAX_SYMLINKS) {
                    return Optional.empty();
                }
                String target;
                try {
                    target = Files.readSymbolicLink(host).toString();
                } catch (IOException e) {
                    return Optional.empty();
                }
                if (target.startsWith("/")) {
                    current.setLength(0);
                }
                List<String> parts = List.of(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    pending.addFirst(parts.get(i));
                }
            } else if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                current.setLength(0);
                current.append(candidate);
            } else if (Files.exists(host, LinkOption.NOFOLLOW_LINKS) && pending.isEmpty()) {
                current.setLength(0);
                current.append(candidate);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(current.length() == 0 ? "/" : current.toString());
    }

    @Override
    public Optional<String> regularFile(String path) throws IOException {
        return realPath(path).filter(resolved -> Files.isRegularFile(hostPath(resolved), LinkOption.NOFOLLOW_LINKS));
    }

    @Override
    public Optional<byte[]> read(String path, int max) throws IOException {
        Optional<String> file = regularFile(path);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(hostPath(file.get()))) {
            return Optional.of(in.readNBytes(max));
        }
    }

    @Override
    public List<String> list(String directory) throws IOException {
        Optional<String> resolved = realPath(directory);
        if (resolved.isEmpty() || !Files.isDirectory(hostPath(resolved.get()))) {
            return List.of();
        }
        if (inputs != null) {
            inputs.listing(hostPath(resolved.get()));
        }
        try (Stream<Path> children = Files.list(hostPath(resolved.get()))) {
            return children.map(child -> child.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public Path localFile(String realPath, Path scratch) {
        return hostPath(realPath);
    }

    @Override
    public String describe() {
        return root.toString();
    }
}
