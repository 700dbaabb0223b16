package dev.zeroimage.maven;

import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.registry.ReferrersPusher;
import dev.zeroimage.registry.RegistryClient;
import dev.zeroimage.registry.RegistryOptions;
import dev.zeroimage.registry.SignaturePusher;
import dev.zeroimage.sbom.CycloneDxWriter;
import dev.zeroimage.signing.SigningKey;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * After an image is pushed: its SBOMs as OCI referrers, then the signatures of the pushed manifests.
 * One entry per pushed manifest, so a multi-platform push passes the index and each platform manifest.
 */
final class SupplyChainPush {
    /** A pushed manifest, the SBOM that describes it (null: none) and its file name for tools that save it. */
    record Pushed(Descriptor manifest, byte[] sbom, String sbomFileName) {
    }

    private SupplyChainPush() {
    }

    static void run(RegistryOptions options, ImageReference target, List<Pushed> pushed, SigningKey key,
                    Instant created, Consumer<String> log) throws IOException {
        boolean anySbom = pushed.stream().anyMatch(p -> p.sbom() != null);
        if (!anySbom && key == null) {
            return;
        }
        RegistryClient client = new RegistryClient(target.registry(), target.apiHost(), options);
        for (Pushed manifest : pushed) {
            if (manifest.sbom() != null) {
                new ReferrersPusher(client, log).push(target.repository(), manifest.manifest(),
                        new ReferrersPusher.Artifact(CycloneDxWriter.MEDIA_TYPE, manifest.sbom(), manifest.sbomFileName(),
                                Map.of(ReferrersPusher.CREATED_ANNOTATION, created.toString())));
            }
        }
        if (key != null) {
            for (Pushed manifest : pushed) {
                Digest digest = manifest.manifest().digest();
                new SignaturePusher(client, log).sign(target, digest, key);
            }
        }
    }
}
