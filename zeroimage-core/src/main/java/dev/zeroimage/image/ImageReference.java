package dev.zeroimage.image;

import dev.zeroimage.ZeroImageException;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image reference {@code [registry[:port]/]repository[:tag][@sha256:…]} with Docker's defaults:
 * no registry means Docker Hub, a one-part Hub name is under {@code library/}, no tag means {@code latest}.
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {
    public static final String DOCKER_HUB = "docker.io";
    /** Where Docker Hub's registry API actually answers. */
    public static final String DOCKER_HUB_API_HOST = "registry-1.docker.io";

    private static final Pattern REPOSITORY = Pattern.compile(
            "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public static ImageReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ZeroImageException("Empty image reference: expected [registry/]repository[:tag][@sha256:…]");
        }
        String rest = text.trim();
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(rest.substring(at + 1));
            } catch (ZeroImageException e) {
                throw invalid(text, "the part after '@' must be a digest like sha256:<64 hex digits>");
            }
            rest = rest.substring(0, at);
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(text, "the tag '" + tag + "' may only hold letters, digits, '_', '.' and '-' (at most 128)");
            }
        }
        registry = dockerHubAsDockerIo(registry);
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (!REPOSITORY.matcher(rest).matches()) {
            throw invalid(text, "the repository '" + rest + "' must be lowercase letters, digits and separators");
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    /** True when {@code text} names its registry explicitly ({@code ghcr.io/…}, {@code localhost:5000/…}). */
    public static boolean namesRegistry(String text) {
        if (text == null) {
            return false;
        }
        int slash = text.trim().indexOf('/');
        if (slash <= 0) {
            return false;
        }
        String first = text.trim().substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }

    /**
     * A registry as users type it for login and logout: {@code https://ghcr.io/} is {@code ghcr.io};
     * Docker Hub's other names ({@code index.docker.io}, {@code registry-1.docker.io}) are {@code docker.io}.
     */
    public static String registryHost(String text) {
        String host = text.trim().replaceFirst("^[a-zA-Z]+://", "");
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        return dockerHubAsDockerIo(host.toLowerCase(Locale.ROOT));
    }

    /** The host the Distribution API of {@code registry} is reached at (Docker Hub's differs from its name). */
    public static String apiHostOf(String registry) {
        return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API_HOST : registry;
    }

    /** The one place Docker Hub's host names are folded into {@code docker.io}. */
    private static String dockerHubAsDockerIo(String registry) {
        return registry.equals("index.docker.io") || registry.equals(DOCKER_HUB_API_HOST) ? DOCKER_HUB : registry;
    }

    private static ZeroImageException invalid(String text, String why) {
        return new ZeroImageException("Invalid image reference '" + text + "': " + why);
    }

    /** What to ask the registry for: the digest when pinned (it wins over the tag), else the tag. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    /** The host the Distribution API is reached at. */
    public String apiHost() {
        return apiHostOf(registry);
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, null);
    }

    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, tag, newDigest);
    }

    /** The short form Docker shows: no docker.io/library/ prefix. */
    public String familiarName() {
        String name = registry.equals(DOCKER_HUB)
                ? (repository.startsWith("library/") ? repository.substring(8) : repository)
                : registry + "/" + repository;
        return name + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    /** The fully qualified form: {@code docker.io/library/alpine:3.20}. */
    @Override
    public String toString() {
        return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
