package dev.zeroimage.sbom;

import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageReference;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Package URLs as the purl specification writes them: qualifiers sorted by key, the digest of an
 * {@code oci} purl with its colon as it is ({@code pkg:oci/app@sha256:…}), everything else outside
 * the unreserved characters percent-encoded.
 */
final class Purls {
    private Purls() {
    }

    /** {@code pkg:oci/<last repository segment>@sha256:<hex>?repository_url=<registry/repository>&tag=<tag>}. */
    static String oci(ImageReference reference, Digest digest) {
        String repository = reference.repository();
        String name = repository.substring(repository.lastIndexOf('/') + 1);
        Map<String, String> qualifiers = new TreeMap<>();
        qualifiers.put("repository_url", reference.registry() + "/" + repository);
        if (reference.tag() != null) {
            qualifiers.put("tag", reference.tag());
        }
        return "pkg:oci/" + encode(name, "") + "@" + encode(digest.toString(), ":") + qualifiers(qualifiers);
    }

    /** {@code pkg:deb/debian/<name>@<version>?arch=<arch>}. */
    static String debian(SbomInput.DebianPackage debianPackage) {
        Map<String, String> qualifiers = new TreeMap<>();
        if (debianPackage.architecture() != null) {
            qualifiers.put("arch", debianPackage.architecture());
        }
        return "pkg:deb/debian/" + encode(debianPackage.name(), "") + "@" + encode(debianPackage.version(), ":")
                + qualifiers(qualifiers);
    }

    /** {@code pkg:maven/<group>/<artifact>@<version>[?classifier=…&type=…]}; type jar is the default and left out. */
    static String maven(SbomInput.MavenDependency dependency) {
        Map<String, String> qualifiers = new TreeMap<>();
        if (dependency.classifier() != null) {
            qualifiers.put("classifier", dependency.classifier());
        }
        if (dependency.type() != null && !dependency.type().equals("jar")) {
            qualifiers.put("type", dependency.type());
        }
        return "pkg:maven/" + encode(dependency.groupId(), "") + "/" + encode(dependency.artifactId(), "") + "@"
                + encode(dependency.version(), ":") + qualifiers(qualifiers);
    }

    private static String qualifiers(Map<String, String> qualifiers) {
        StringBuilder out = new StringBuilder();
        qualifiers.forEach((key, value) -> out.append(out.length() == 0 ? '?' : '&').append(key).append('=')
                .append(encode(value, ":/")));
        return out.toString();
    }

    /** Percent-encodes UTF-8 bytes outside {@code A-Za-z0-9.-_~} and the characters in {@code keep}. */
    static String encode(String text, String keep) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ".-_~".indexOf(c) >= 0
                    || (c < 0x80 && keep.indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
