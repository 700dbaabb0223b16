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
 * "unable to find user". Numeric {@code uid[:gid]} needs no entry.
 */
final class UserCheck {
    private UserCheck() {
    }

    static void requireUserExists(User user, LayerFiles baseFiles, LayerContents extraFiles) throws IOException {
        if (user == null || user.isNumeric()) {
            return;
        }
        String name = user.name();
        Optional<String> passwd = passwdFrom(extraFiles);
        if (passwd.isEmpty()) {
            passwd = baseFiles.read("/etc/passwd");
        }
        if (passwd.isEmpty()) {
            throw new ZeroImageException("user '" + user + "' is a name, but the image has no /etc/passwd to"
                    + " find it in, so the container would fail to start: use a numeric uid such as 65532,"
                    + " or build from=static (which has root, nobody and nonroot), or add an /etc/passwd");
        }
        boolean found = passwd.get().lines().anyMatch(line -> line.startsWith(name + ":"));
        if (!found) {
            throw new ZeroImageException("user '" + user + "' is not in the image's /etc/passwd: use a user"
                    + " that exists there, a numeric uid, or add the user to /etc/passwd");
        }
    }

    private static Optional<String> passwdFrom(LayerContents extraFiles) {
        LayerEntry entry = extraFiles.get("/etc/passwd");
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
