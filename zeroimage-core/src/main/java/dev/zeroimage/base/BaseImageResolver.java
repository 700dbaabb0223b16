package dev.zeroimage.base;

import dev.zeroimage.archive.ImageArchiveReader;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Addition;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.Platform;
import dev.zeroimage.layer.Compression;
import dev.zeroimage.layer.LayerWriter;
import dev.zeroimage.registry.RegistryImagePuller;
import dev.zeroimage.registry.RegistryOptions;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Turns a {@link BaseSpec} into a base image for the chosen platform. */
public final class BaseImageResolver implements BaseResolver {
    private final BlobStore store;
    private final RegistryOptions registryOptions;
    private final Compression compression;
    private final Instant creationTime;

    public BaseImageResolver(BlobStore store, RegistryOptions registryOptions, Compression compression,
                             Instant creationTime) {
        this.store = store;
        this.registryOptions = registryOptions;
        this.compression = compression;
        this.creationTime = creationTime;
    }

    @Override
    public BaseImage resolve(BaseSpec spec, Platform platform) throws IOException {
        if (spec instanceof BaseSpec.Static generated) {
            return staticBase(generated, platform);
        }
        if (spec instanceof BaseSpec.Archive archive) {
            return new ImageArchiveReader(store).read(archive.path(), platform);
        }
        if (spec instanceof BaseSpec.Registry registry) {
            return new RegistryImagePuller(store, registryOptions).pull(registry.reference(), platform);
        }
        return BaseImage.scratch();
    }

    /** The built-in base: generated here, the same bytes on every machine. */
    private BaseImage staticBase(BaseSpec.Static spec, Platform platform) throws IOException {
        Layer layer = new LayerWriter(store, compression, creationTime)
                .write(StaticBase.contents(spec.caCertificates(), spec.replaceCaCertificates()));
        ImageConfig config = new ImageConfig();
        config.created = creationTime.toString();
        config.os = platform.os();
        config.architecture = platform.architecture();
        config.variant = platform.variant();
        config.config.env = new ArrayList<>(List.of("PATH=" + ImageConfig.DEFAULT_PATH,
                "SSL_CERT_FILE=" + StaticBase.CA_BUNDLE_PATH));
        config.config.labels = new TreeMap<>(StaticBase.labels());
        config.append(config.created, List.of(new Addition(layer, "zeroimage: static base (users, /tmp, CA"
                + " certificates, time zones)")));
        return new BaseImage(StaticBase.NAME, null, config, List.of(layer));
    }
}
