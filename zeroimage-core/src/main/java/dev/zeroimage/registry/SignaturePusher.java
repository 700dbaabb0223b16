package dev.zeroimage.registry;

import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.signing.SignatureManifest;
import dev.zeroimage.signing.SigningKey;
import dev.zeroimage.signing.SimpleSigningPayload;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Signs a pushed manifest the way {@code cosign sign --key} does, without a transparency log: the
 * simple-signing payload and its signature go into the tag {@code sha256-<hex>.sig} of the same
 * repository, next to the signatures already there.
 */
public final class SignaturePusher {
    private final RegistryClient client;
    private final Consumer<String> log;

    public SignaturePusher(RegistryClient client, Consumer<String> log) {
        this.client = client;
        this.log = log;
    }

    /** What signing did: the signature tag and whether it changed (false: this key had signed already). */
    public record Result(String tag, Digest signatureManifest, boolean changed) {
    }

    /** @param image the repository (registry included) the manifest was pushed to; its tag is ignored */
    public Result sign(ImageReference image, Digest manifestDigest, SigningKey key) throws IOException {
        String repository = image.repository();
        List<String> scopes = List.of(RegistryClient.pushScope(repository));
        String tag = SignatureManifest.tag(manifestDigest);
        String where = image.registry() + "/" + repository + ":" + tag;

        byte[] payload = SimpleSigningPayload.of(image, manifestDigest);
        Optional<RegistryClient.ManifestResponse> existing = client.findManifest(repository, tag, scopes);
        SignatureManifest.Result built = SignatureManifest.build(existing.map(RegistryClient.ManifestResponse::content)
                .orElse(null), payload, key.sign(payload), key.publicKey(), where);
        if (!built.changed()) {
            log.accept("Signature of " + manifestDigest.shortHex() + " already in " + tag);
            return new Result(tag, existing.get().digest(), false);
        }
        Descriptor layer = built.payloadLayer();
        if (!client.hasBlob(repository, layer.digest(), scopes)) {
            client.uploadBlob(repository, layer, payload, scopes);
        }
        if (!client.hasBlob(repository, built.config().digest(), scopes)) {
            client.uploadBlob(repository, built.config(), built.configJson(), scopes);
        }
        Digest pushed = client.putManifest(repository, tag, built.manifest(), MediaType.OCI_MANIFEST, scopes);
        log.accept("Signed " + manifestDigest.shortHex() + " (" + tag + ")");
        return new Result(tag, pushed, true);
    }
}
