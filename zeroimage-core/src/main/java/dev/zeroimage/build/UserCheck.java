package dev.zeroimage.build;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.User;
import dev.zeroimage.layer.LayerContents;
import dev.zeroimage.layer.LayerEntry;
import dev.zeroimage.layer.LayerFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;

/**
 * A user given by name must be in the image's /etc/passwd, or the container fails at start with
 * "unable to find user"; and it is written as numeric {@code uid:gid}, because Kubernetes'
 * {@code runAsNonRoot: true} cannot tell whether a name is root and refuses it. {@code name:group}
 * takes the gid from /etc/group. A numeric {@code uid[:gid]} needs no entry and is written as given.
 * The files are the final image's: an extraFiles /etc/passwd (or /etc/group) replaces the base's.
 */
final class UserCheck {
    private UserCheck() {
    }

    static void requireUserExists(User user, LayerFiles baseFiles, LayerContents extraFiles) throws IOException {
        resolve(user, baseFiles, extraFiles);
    }

    /** The user as the config should hold it: numeric, or null for none. */
    static User resolve(User user, LayerFiles baseFiles, LayerContents extraFiles) throws IOException {
        if (user == null || user.isNumeric()) {
            return user;
        }
        String name = user.name();
        Optional<String> passwd = file("/etc/passwd", baseFiles, extraFiles);
        if (passwd.isEmpty()) {
            throw new ZeroImageException("user '" + user + "' is a name, but the image has no /etc/passwd to"
                    + " find it in, so the container would fail to start: use a numeric uid such as 65532,"
                    + " or build from=static (which has root, nobody and nonroot), or add an /etc/passwd");
        }
        String[] entry = entry(passwd.get(), name);
        if (entry == null) {
            throw new ZeroImageException("user '" + user + "' is not in the image's /etc/passwd: use a user"
                    + " that exists there, a numeric uid, or add the user to /etc/passwd");
        }
        if (entry.length < 4 || !numeric(entry[2]) || !numeric(entry[3])) {
            throw new ZeroImageException("user '" + user + "': the image's /etc/passwd entry for " + name
                    + " has no numeric uid and gid (name:password:uid:gid:…): fix the entry or use a numeric uid");
        }
        String gid = entry[3];
        int colon = user.text().indexOf(':');
        if (colon >= 0) {
            gid = groupId(user, user.text().substring(colon + 1), baseFiles, extraFiles);
        }
        return new User(entry[2] + ":" + gid);
    }

    private static String groupId(User user, String group, LayerFiles baseFiles, LayerContents extraFiles)
            throws IOException {
        if (numeric(group)) {
            return group;
        }
        Optional<String> groups = file("/etc/group", baseFiles, extraFiles);
        if (groups.isEmpty()) {
            throw new ZeroImageException("user '" + user + "' names the group " + group + ", but the image has no"
                    + " /etc/group to find it in: use a numeric gid (uid:gid) or add an /etc/group");
        }
        String[] entry = entry(groups.get(), group);
        if (entry == null) {
            throw new ZeroImageException("user '" + user + "': the group " + group + " is not in the image's"
                    + " /etc/group: use a group that exists there, a numeric gid, or add the group to /etc/group");
        }
        if (entry.length < 3 || !numeric(entry[2])) {
            throw new ZeroImageException("user '" + user + "': the image's /etc/group entry for " + group
                    + " has no numeric gid (name:password:gid:members): fix the entry or use a numeric gid");
        }
        return entry[2];
    }

    /** The colon-separated fields of the line for {@code name}, or null. */
    private static String[] entry(String file, String name) {
        return file.lines().filter(line -> line.startsWith(name + ":")).findFirst()
                .map(line -> line.split(":", -1)).orElse(null);
    }

    private static boolean numeric(String text) {
        return !text.isEmpty() && text.length() <= 10 && text.chars().allMatch(Character::isDigit);
    }

    private static Optional<String> file(String path, LayerFiles baseFiles, LayerContents extraFiles)
            throws IOException {
        Optional<String> fromExtraFiles = fromExtraFiles(path, extraFiles);
        return fromExtraFiles.isPresent() ? fromExtraFiles : baseFiles.read(path);
    }

    private static Optional<String> fromExtraFiles(String path, LayerContents extraFiles) {
        LayerEntry entry = extraFiles.get(path);
        if (entry == null || entry.kind() != LayerEntry.Kind.FILE) {
            return Optional.empty();
        }
        try {
            byte[] bytes = entry.content() != null ? entry.content() : Files.readAllBytes(entry.source());
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
