package dev.zeroimage.util;

import dev.zeroimage.image.Digest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A path a build looked at and what it was then, as a digest: for a plain look, whether it was absent,
 * a link (and to where), a directory, or a file (with its identity as {@link FileIdentity} sees it:
 * size, modification and change times, inode, device); for a listing, the
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
        // One lstat: a replay looks at dozens of paths, in a JVM that has just started.
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return "absent";
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            attributes = Files.readAttributes(path, "*", LinkOption.NOFOLLOW_LINKS);
        }
        if (Boolean.TRUE.equals(attributes.get("isSymbolicLink"))) {
            return "link " + Files.readSymbolicLink(path);
        }
        if (Boolean.TRUE.equals(attributes.get("isDirectory"))) {
            // Only that it is one: its times move with every package install, which changes no lookup in it.
            return "directory";
        }
        if (Boolean.TRUE.equals(attributes.get("isRegularFile"))) {
            // As FileIdentity: any write moves the change time, which no user can set back.
            return "file " + attributes.get("size") + "|" + attributes.get("lastModifiedTime") + "|"
                    + attributes.get("ino") + "|" + attributes.get("ctime") + "|" + attributes.get("dev");
        }
        return "other";
    }

    private static String listingOf(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return "absent";
        }
        // A plain loop: a stream's lambdas would be bootstrapped on every replay, costing more than the look.
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                names.add(child.getFileName().toString());
            }
        }
        Collections.sort(names);
        StringBuilder text = new StringBuilder("directory");
        for (String name : names) {
            text.append('\n').append(name);
        }
        return text.toString();
    }

    private static String digest(String state) {
        return Digest.sha256(state.getBytes(StandardCharsets.UTF_8)).hex();
    }
}
