package dev.zeroimage.libraries;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One file of the bundle layer, as {@code image.json} lists it.
 *
 * @param path           where it is in the image
 * @param source         the file it was copied from (links followed)
 * @param sha256         its content digest, {@code sha256:…}
 * @param size           its size in bytes
 * @param debianPackage  the Debian package that owns it, when the sysroot has a dpkg database
 * @param debianVersion  that package's version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"path", "source", "sha256", "size", "debianPackage", "debianVersion"})
public record BundledFile(String path, String source, String sha256, long size, String debianPackage,
                          String debianVersion) {

    /** The file name in the image, for the log line. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
