package dev.zeroimage.util;

import dev.zeroimage.image.Digest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A path a build looked at and what it was then, as a digest: for a plain look, whether it was absent,
 * a link (and to where), a directory, or a file (with its {@link FileIdentity}); for a listing, the
 * names in the directory. Taken before the file is read, so a change during the build is never
 * recorded as what the build saw. {@link #unchanged} repeats the look: one stat call (or one readdir).
 *
 * @param listing true when the build listed the directory (its names matter, not only that it is one)
 * @param state   the digest of what the look saw, hex
 */
public record WatchedPath(Path path, boolean listing, String state) {
    public WatchedPath {
        path = path.toAbsolutePath().normalize();
    }

    /** What {@code path} is now: absent, a link, a directory or a file with its identity. */
    public static WatchedPath look(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        return new WatchedPath(absolute, false, digest(lookAt(absolute)));
    }

    /** The names in a directory now (absent or not a directory counts as such). */
    public static WatchedPath listing(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath().normalize();
        return new WatchedPath(absolute, true, digest(listingOf(absolute)));
    }

    /** True when the same look at the path today sees what it saw then. */
    public boolean unchanged() {
        try {
            return state.equals(digest(listing ? listingOf(path) : lookAt(path)));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String lookAt(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            return "link " + Files.readSymbolicLink(path);
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            // Only that it is one: its times move with every package install, which changes no lookup in it.
            return "directory";
        }
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return "file " + FileIdentity.of(path).hex();
        }
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? "other" : "absent";
    }

    private static String listingOf(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return "absent";
        }
        StringBuilder names = new StringBuilder("directory");
        try (Stream<Path> children = Files.list(directory)) {
            children.map(child -> child.getFileName().toString()).sorted()
                    .forEach(name -> names.append('\n').append(name));
        }
        return names.toString();
    }

    private static String digest(String state) {
        return Digest.sha256(state.getBytes(StandardCharsets.UTF_8)).hex();
    }
}
