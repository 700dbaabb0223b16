package dev.zeroimage.base;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.archive.ImageArchiveReader;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.Platform;
import dev.zeroimage.layer.Compression;
import dev.zeroimage.layer.LayerWriter;
import dev.zeroimage.registry.RegistryImagePuller;
import dev.zeroimage.registry.RegistryOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Turns the {@code from} / {@code fromArchive} settings into a base image for the chosen platform. */
public final class BaseImageResolver {
    public static final String SCRATCH = "scratch";

    private final BlobStore store;
    private final RegistryOptions registryOptions;
    private final List<Path> caCertificates;
    private final boolean replaceCaBundle;
    private final Compression compression;
    private final Instant creationTime;

    public BaseImageResolver(BlobStore store, RegistryOptions registryOptions, List<Path> caCertificates,
                             boolean replaceCaBundle, Compression compression, Instant creationTime) {
        this.store = store;
        this.registryOptions = registryOptions;
        this.caCertificates = caCertificates == null ? List.of() : List.copyOf(caCertificates);
        this.replaceCaBundle = replaceCaBundle;
        this.compression = compression;
        this.creationTime = creationTime;
    }

    /**
     * Resolves the base. {@code from} is scratch (or null), static, or an image reference;
     * {@code fromArchive} a file or directory. Both together are an error.
     */
    public BaseImage resolve(String from, Path fromArchive, Platform platform) throws IOException {
        boolean hasFrom = from != null && !from.isBlank() && !from.trim().equals(SCRATCH);
        if (hasFrom && fromArchive != null) {
            throw new ZeroImageException("Both from (" + from + ") and fromArchive (" + fromArchive
                    + ") are set: a build has one base, remove one of them");
        }
        if (fromArchive != null) {
            return new ImageArchiveReader(store).read(fromArchive, platform);
        }
        if (!hasFrom) {
            return BaseImage.scratch();
        }
        if (from.trim().equals(StaticBase.NAME)) {
            return staticBase(platform);
        }
        ImageReference reference;
        try {
            reference = ImageReference.parse(from);
        } catch (ZeroImageException e) {
            throw new ZeroImageException("Invalid from (zeroimage.from): " + e.getMessage()
                    + ". Use scratch, static, or an image reference such as alpine:3.20");
        }
        return new RegistryImagePuller(store, registryOptions).pull(reference, platform);
    }

    /** The built-in base: generated here, the same bytes on every machine. */
    private BaseImage staticBase(Platform platform) throws IOException {
        Layer layer = new LayerWriter(store, compression, creationTime)
                .write(StaticBase.contents(caCertificates, replaceCaBundle));
        ImageConfig config = new ImageConfig();
        config.created = creationTime.toString();
        config.os = platform.os();
        config.architecture = platform.architecture();
        config.variant = platform.variant();
        config.config.env = new ArrayList<>(List.of("PATH=" + ImageConfig.DEFAULT_PATH,
                "SSL_CERT_FILE=" + StaticBase.CA_BUNDLE_PATH));
        config.config.labels = new TreeMap<>(StaticBase.labels());
        config.rootfs.diffIds.add(layer.diffId());
        config.history.add(new ImageConfig.History(config.created, "zeroimage: static base (users, /tmp, CA"
                + " certificates, time zones)", null, null));
        return new BaseImage(StaticBase.NAME, null, config, List.of(layer));
    }
}
