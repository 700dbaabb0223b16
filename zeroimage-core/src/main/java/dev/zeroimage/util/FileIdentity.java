package dev.zeroimage.util;

import dev.zeroimage.image.Digest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * A file's identity as the file system sees it — path, size, modification and change times, inode,
 * device — hashed. Any write to the file changes its change time (which no user can set back), so
 * an equal identity means unchanged content, as git's index assumes.
 */
public final class FileIdentity {
    private FileIdentity() {
    }

    public static Digest of(Path file) throws IOException {
        StringBuilder identity = new StringBuilder(file.toAbsolutePath().normalize().toString());
        identity.append('|').append(Files.size(file))
                .append('|').append(Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant());
        try {
            Map<String, Object> unix = Files.readAttributes(file, "unix:ino,ctime,dev");
            identity.append('|').append(unix.get("ino")).append('|').append(unix.get("ctime"))
                    .append('|').append(unix.get("dev"));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // Not a Unix file system: size and modification time must do.
        }
        return Digest.sha256(identity.toString().getBytes(StandardCharsets.UTF_8));
    }
}
