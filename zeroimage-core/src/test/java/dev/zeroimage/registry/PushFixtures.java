package dev.zeroimage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zeroimage.auth.Credential;
import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.build.ExtraFile;
import dev.zeroimage.build.ImageBuilder;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.elf.NativeCompiler;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.Platform;
import dev.zeroimage.testing.AccessLogEntry;
import dev.zeroimage.testing.ExternalTools;
import dev.zeroimage.testing.TestRegistry;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Images to push and options to push them with, shared by the registry and auth tests: static
 * executables compiled with {@code gcc -static}, images built on scratch, registry options for the
 * three {@link TestRegistry} set-ups.
 */
public final class PushFixtures {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Instant CREATED = Instant.parse("2024-01-02T03:04:05Z");

    private PushFixtures() {
    }

    /** Compiles {@code int main(){puts(message);}} with {@code gcc -static -O2} into {@code dir/name}. */
    public static Path compileStatic(Path dir, String name, String message) {
        return NativeCompiler.compileText("gcc", dir,
                "#include <stdio.h>\nint main(void) { puts(\"" + message + "\"); return 0; }\n", name, "-static", "-O2");
    }

    /** An image of {@code executable} on scratch. */
    public static Image build(BlobStore store, Path executable) throws Exception {
        return build(store, BuildOptions.builder(executable), platform -> BaseImage.scratch());
    }

    /** An image of {@code executable} on scratch, with an extra-files layer holding {@code extraFile} at /etc/app.conf. */
    public static Image buildWithExtraFile(BlobStore store, Path executable, Path extraFile) throws Exception {
        return build(store, BuildOptions.builder(executable)
                .extraFiles(List.of(new ExtraFile(extraFile, "/etc/app.conf", 0644))), platform -> BaseImage.scratch());
    }

    /** The base for a platform, as a test resolves it. */
    @FunctionalInterface
    public interface BaseFor {
        BaseImage resolve(Platform platform) throws IOException;
    }

    public static Image build(BlobStore store, BuildOptions.Builder options, BaseFor base) throws Exception {
        return new ImageBuilder(store, (spec, platform) -> base.resolve(platform))
                .build(options.creationTime(CREATED).build());
    }

    /** Plain-HTTP (insecure) registries, anonymous, 3 attempts with 10 ms initial backoff. */
    public static RegistryOptions insecure(String... hosts) {
        return new RegistryOptions(RegistryTransport.defaults(), Set.of(hosts), CredentialSource.ANONYMOUS, 3,
                Duration.ofMillis(10), false);
    }

    /** The TLS registry's CA as a PEM in caCertificates; credentials from {@code source}. */
    public static RegistryOptions tls(TestRegistry registry, CredentialSource source) {
        return new RegistryOptions(new RegistryTransport(List.of(registry.caCertificatePem()), null), Set.of(),
                source, 3, Duration.ofMillis(10), false);
    }

    /** A source that has {@code user}/{@code password} for every registry. */
    public static CredentialSource fixed(String user, String password, String label) {
        return registry -> Optional.of(Credential.basic(user, password, label));
    }

    public static Digest sha256(String text) {
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static List<String> layerDigests(Image image) {
        return image.layers().stream().map(layer -> layer.descriptor().digest().toString()).toList();
    }

    public static List<String> layerDigests(String manifestJson) throws Exception {
        List<String> digests = new ArrayList<>();
        for (JsonNode layer : JSON.readTree(manifestJson).path("layers")) {
            digests.add(layer.path("digest").asText());
        }
        return digests;
    }

    /**
     * What users see after a push: {@code skopeo inspect --raw} of {@code repoAndTag} has the image's
     * digest (the manifest is stored byte for byte), its config and its layers.
     */
    public static void assertPushed(TestRegistry registry, String repoAndTag, Image image) throws Exception {
        String raw = registry.skopeoInspectRaw(repoAndTag);
        assertEquals(image.digest(), sha256(raw), "manifest digest of " + repoAndTag + ": " + raw);
        assertEquals(layerDigests(image), layerDigests(raw), "layers of " + repoAndTag);
        assertEquals(image.configDescriptor().digest().toString(),
                JSON.readTree(raw).path("config").path("digest").asText(), "config of " + repoAndTag);
    }

    /** The query of an access-log path, URL-decoded. */
    public static String decodedQuery(AccessLogEntry entry) {
        int q = entry.path().indexOf('?');
        return q < 0 ? "" : URLDecoder.decode(entry.path().substring(q + 1), StandardCharsets.UTF_8);
    }

    /** Blob-upload PUTs (the requests that carry a blob's bytes) in {@code requests}. */
    public static List<AccessLogEntry> blobPuts(List<AccessLogEntry> requests) {
        return requests.stream().filter(r -> r.is("PUT", "/v2/.+/blobs/uploads/.*")).toList();
    }

    /** The digest= parameter of a blob-upload PUT. */
    public static String uploadedDigest(AccessLogEntry put) {
        for (String parameter : decodedQuery(put).split("&")) {
            if (parameter.startsWith("digest=")) {
                return parameter.substring("digest=".length());
            }
        }
        return null;
    }

    public static Layer last(Image image) {
        return image.layers().get(image.layers().size() - 1);
    }
}
