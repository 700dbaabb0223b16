package dev.zeroimage.sbom;

import dev.zeroimage.base.StaticBase;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Platform;
import dev.zeroimage.libraries.BundledFile;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything an SBOM says about one image (one platform), as plain values. A multi-platform build
 * makes one of these per platform and one document from each.
 *
 * @param image          the image itself: its name, tag, manifest digest, platform and creation time
 * @param base           what the image is built on; null for scratch
 * @param executable     the entrypoint file
 * @param libraries      libraries bundled beside the executable
 * @param extraFiles     files added from disk (each file, not directories)
 * @param dependencies   the project's runtime dependencies, compiled into the native executable
 * @param nativeImageSbom GraalVM's exported SBOM ({@code <executable>.sbom.json}) whose components are merged in; null if none
 * @param toolVersion    zeroimage's version, named in {@code metadata.tools}; null to leave it out
 */
public record SbomInput(Subject image, Base base, FileItem executable, List<BundledLibrary> libraries,
                        List<FileItem> extraFiles, List<MavenDependency> dependencies, Path nativeImageSbom,
                        String toolVersion) {

    public SbomInput {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(executable, "executable");
        libraries = libraries == null ? List.of() : List.copyOf(libraries);
        extraFiles = extraFiles == null ? List.of() : List.copyOf(extraFiles);
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
    }

    /**
     * The image described. {@code reference} gives registry, repository and tag (its digest, if any, is
     * ignored: {@code manifestDigest} is what was built).
     */
    public record Subject(ImageReference reference, Digest manifestDigest, Platform platform, Instant creationTime) {
        public Subject {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(manifestDigest, "manifestDigest");
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(creationTime, "creationTime");
        }
    }

    /**
     * The base: an image from a registry or archive ({@code reference} and its manifest {@code digest}),
     * or the built-in static base, which has no registry identity but lists its Debian {@code packages}.
     */
    public record Base(String reference, Digest digest, List<DebianPackage> packages) {
        public Base {
            Objects.requireNonNull(reference, "reference");
            packages = packages == null ? List.of() : List.copyOf(packages);
        }

        public static Base image(String reference, Digest digest) {
            return new Base(reference, Objects.requireNonNull(digest, "digest"), List.of());
        }

        public static Base builtIn(String name, List<DebianPackage> packages) {
            return new Base(name, null, packages);
        }

        /**
         * The base as the build resolved it: null for scratch, the static base with its packages, a
         * registry image by reference and digest, an archive by its file name (not its path, which
         * differs between checkouts) and digest.
         */
        public static Base of(BaseImage base) {
            if (base == null || base.isScratch()) {
                return null;
            }
            if (base.reference() != null && base.manifestDigest() != null) {
                return image(base.reference().toString(), base.manifestDigest());
            }
            if (base.manifestDigest() == null && StaticBase.NAME.equals(base.name())) {
                return staticBase();
            }
            Path file = base.name() == null ? null : Path.of(base.name()).getFileName();
            String name = file == null ? "archive" : file.toString();
            return base.manifestDigest() != null ? image(name, base.manifestDigest()) : builtIn(name, List.of());
        }

        /** The built-in {@code static} base and the pinned Debian packages its data comes from. */
        public static Base staticBase() {
            List<DebianPackage> packages = new ArrayList<>();
            StaticBase.debianPackages().forEach((name, version) -> packages.add(new DebianPackage(name, version, "all")));
            return builtIn(StaticBase.NAME, packages);
        }
    }

    /** A Debian binary package whose files are in the image. */
    public record DebianPackage(String name, String version, String architecture) {
        public DebianPackage {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
        }
    }

    /** A file in the image and the SHA-256 of its content. */
    public record FileItem(String path, Digest sha256) {
        public FileItem {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /** A bundled library: where it is in the image, its digest, and the Debian package it came from when known. */
    public record BundledLibrary(String path, Digest sha256, DebianPackage debianPackage) {
        public BundledLibrary {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
        }

        /** A file of the bundle layer; its source path is left out (it differs between machines). */
        public static BundledLibrary of(BundledFile file) {
            DebianPackage owner = file.debianPackage() != null && file.debianVersion() != null
                    ? new DebianPackage(file.debianPackage(), file.debianVersion(), null) : null;
            return new BundledLibrary(file.path(), Digest.parse(file.sha256()), owner);
        }
    }

    /**
     * A Maven artifact on the runtime classpath. {@code hashes} maps CycloneDX algorithm names
     * ({@code SHA-1}, {@code SHA-256}, …) to lowercase hex; see {@link FileHashes#of}.
     */
    public record MavenDependency(String groupId, String artifactId, String version, String classifier,
                                  String type, String scope, Map<String, String> hashes) {
        public MavenDependency {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(artifactId, "artifactId");
            Objects.requireNonNull(version, "version");
            if (classifier != null && classifier.isEmpty()) {
                classifier = null;
            }
            // Sorted by algorithm: Map.copyOf would iterate in a different order on each JVM run.
            hashes = hashes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(hashes));
        }
    }
}
