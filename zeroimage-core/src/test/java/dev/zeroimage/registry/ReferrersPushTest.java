package dev.zeroimage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.sbom.CycloneDxWriter;
import dev.zeroimage.sbom.SbomInput;
import dev.zeroimage.signing.SigningKey;
import dev.zeroimage.testing.AccessLogEntry;
import dev.zeroimage.testing.ExternalTools;
import dev.zeroimage.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.zeroimage.registry.PushFixtures.JSON;
import static dev.zeroimage.registry.PushFixtures.insecure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SBOM referrers and cosign-style signatures pushed to a real docker-registry (no referrers API, so the
 * fallback tag is used), read back with skopeo, plain HTTP and openssl, not with our client.
 */
@Tag("real")
class ReferrersPushTest {
    @TempDir
    static Path shared;

    private static TestRegistry registry;
    private static Image image;
    private static Image other;

    @TempDir
    Path dir;

    private final List<String> messages = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        ExternalTools.require("skopeo");
        ExternalTools.require("openssl");
        Path hello = PushFixtures.compileStatic(shared.resolve("src"), "hello", "hello referrers");
        Path otherExe = PushFixtures.compileStatic(shared.resolve("src"), "other", "other referrers");
        BlobStore store = new BlobStore(shared.resolve("cache"));
        image = PushFixtures.build(store, hello);
        other = PushFixtures.build(store, otherExe);
        registry = TestRegistry.plainHttp(shared.resolve("registry"));
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    private RegistryClient client() throws Exception {
        return new RegistryClient(registry.host(), registry.host(), insecure(registry.host()));
    }

    private ImageReference push(Image pushed, String repoAndTag) throws Exception {
        ImageReference target = ImageReference.parse(registry.host() + "/" + repoAndTag);
        new ImagePusher(insecure(registry.host()), messages::add).push(pushed, target, List.of(), null);
        return target;
    }

    private static byte[] sbom(Image described, ImageReference reference) {
        return CycloneDxWriter.toJson(new SbomInput(new SbomInput.Subject(reference, described.digest(),
                described.platform(), PushFixtures.CREATED), null,
                new SbomInput.FileItem("/hello", described.layers().get(0).descriptor().digest()),
                List.of(), List.of(), List.of(), null, null));
    }

    private byte[] blob(String repository, String digest) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + registry.host() + "/v2/" + repository + "/blobs/" + digest))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), "blob " + digest);
        return response.body();
    }

    private String tags(String repository) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + registry.host() + "/v2/" + repository + "/tags/list"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private ReferrersPusher.Artifact artifact(byte[] sbom) {
        return new ReferrersPusher.Artifact(CycloneDxWriter.MEDIA_TYPE, sbom, "sbom.cdx.json",
                Map.of(ReferrersPusher.CREATED_ANNOTATION, PushFixtures.CREATED.toString()));
    }

    @Test
    void sbomIsListedInTheFallbackIndexWithTheImageAsSubjectAndARepushChangesNothing() throws Exception {
        ImageReference target = push(image, "sbom/app:1");
        byte[] sbom = sbom(image, target);
        Descriptor subject = image.manifestDescriptor();

        ReferrersPusher.Result first = new ReferrersPusher(client(), messages::add)
                .push("sbom/app", subject, artifact(sbom));
        assertFalse(first.registryIndexesReferrers(), "Debian's docker-registry sends no OCI-Subject");
        assertTrue(first.fallbackIndexWritten());

        String fallbackTag = "sha256-" + image.digest().hex();
        String indexRaw = registry.skopeoInspectRaw("sbom/app:" + fallbackTag);
        JsonNode index = JSON.readTree(indexRaw);
        assertEquals("application/vnd.oci.image.index.v1+json", index.path("mediaType").asText());
        assertEquals(1, index.path("manifests").size(), indexRaw);
        JsonNode entry = index.path("manifests").get(0);
        assertEquals(first.manifestDigest().toString(), entry.path("digest").asText());
        assertEquals("application/vnd.cyclonedx+json", entry.path("artifactType").asText());
        assertEquals(PushFixtures.CREATED.toString(),
                entry.path("annotations").path("org.opencontainers.image.created").asText());

        String artifactRaw = registry.skopeoInspectRaw("sbom/app@" + first.manifestDigest());
        JsonNode artifact = JSON.readTree(artifactRaw);
        assertEquals(entry.path("size").asLong(), artifactRaw.getBytes(StandardCharsets.UTF_8).length);
        assertEquals("application/vnd.cyclonedx+json", artifact.path("artifactType").asText());
        assertEquals(image.digest().toString(), artifact.path("subject").path("digest").asText());
        assertEquals(subject.size(), artifact.path("subject").path("size").asLong());
        assertEquals(subject.mediaType(), artifact.path("subject").path("mediaType").asText());
        assertEquals("application/vnd.oci.empty.v1+json", artifact.path("config").path("mediaType").asText());
        assertEquals("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
                artifact.path("config").path("digest").asText());
        assertEquals(2, artifact.path("config").path("size").asInt());
        assertEquals("{}", new String(blob("sbom/app", artifact.path("config").path("digest").asText()), StandardCharsets.UTF_8));
        assertEquals(1, artifact.path("layers").size());
        JsonNode layer = artifact.path("layers").get(0);
        assertEquals("application/vnd.cyclonedx+json", layer.path("mediaType").asText());
        assertArrayEquals(sbom, blob("sbom/app", layer.path("digest").asText()));
        JsonNode pushedSbom = JSON.readTree(blob("sbom/app", layer.path("digest").asText()));
        assertTrue(pushedSbom.path("metadata").path("component").path("purl").asText()
                .startsWith("pkg:oci/app@" + image.digest() + "?"), "the purl digest is the image digest");

        // Again: same manifest digest, the index is not rewritten, tags and index bytes stay.
        String tagsBefore = tags("sbom/app");
        registry.clearRequests();
        ReferrersPusher.Result second = new ReferrersPusher(client(), messages::add)
                .push("sbom/app", subject, artifact(sbom));
        assertEquals(first.manifestDigest(), second.manifestDigest());
        assertFalse(second.fallbackIndexWritten());
        for (AccessLogEntry request : registry.requests()) {
            assertFalse(request.method().equals("PUT") && request.path().contains(fallbackTag), request.toString());
            assertFalse(request.method().equals("POST"), "no blob upload: " + request);
        }
        assertEquals(indexRaw, registry.skopeoInspectRaw("sbom/app:" + fallbackTag));
        assertEquals(tagsBefore, tags("sbom/app"));

        // A different SBOM of the same image is added next to the first one, which stays.
        byte[] changed = new String(sbom, StandardCharsets.UTF_8).replace("\"/hello\"", "\"/hello2\"")
                .getBytes(StandardCharsets.UTF_8);
        ReferrersPusher.Result third = new ReferrersPusher(client(), messages::add)
                .push("sbom/app", subject, artifact(changed));
        assertTrue(third.fallbackIndexWritten());
        JsonNode both = JSON.readTree(registry.skopeoInspectRaw("sbom/app:" + fallbackTag));
        assertEquals(2, both.path("manifests").size());
        assertEquals(entry, both.path("manifests").get(0));
        assertEquals(third.manifestDigest().toString(), both.path("manifests").get(1).path("digest").asText());
    }

    @Test
    void aFallbackTagThatIsNoIndexIsNamed() throws Exception {
        ImageReference target = push(other, "sbom/broken:1");
        // Someone tagged an image where the referrers index belongs.
        push(other, "sbom/broken:sha256-" + other.digest().hex());
        SigningTestSupport.assertMessage(() -> new ReferrersPusher(client(), messages::add)
                        .push("sbom/broken", other.manifestDescriptor(), artifact(sbom(other, target))),
                "sha256-" + other.digest().hex(), "not an OCI image index", "delete that tag");
    }

    @Test
    void signaturesVerifyWithOpensslAndOtherKeysAreKept() throws Exception {
        ImageReference target = push(image, "signed/app:1");
        Path first = SigningTestSupport.opensslKey(dir, "first");
        Path second = SigningTestSupport.opensslKey(dir, "second");
        SigningKey firstKey = SigningKey.load(first.resolve("key.pem"), null);

        SignaturePusher.Result signed = new SignaturePusher(client(), messages::add).sign(target, image.digest(), firstKey);
        assertTrue(signed.changed());
        String tag = "sha256-" + image.digest().hex() + ".sig";
        assertEquals(tag, signed.tag());
        assertTrue(messages.stream().noneMatch(m -> m.contains("PRIVATE")), messages.toString());

        String raw = registry.skopeoInspectRaw("signed/app:" + tag);
        JsonNode manifest = JSON.readTree(raw);
        assertEquals("application/vnd.oci.image.manifest.v1+json", manifest.path("mediaType").asText());
        JsonNode layer = manifest.path("layers").get(0);
        assertEquals("application/vnd.dev.cosign.simplesigning.v1+json", layer.path("mediaType").asText());
        byte[] payload = blob("signed/app", layer.path("digest").asText());
        byte[] signature = Base64.getDecoder().decode(layer.path("annotations")
                .path("dev.cosignproject.cosign/signature").asText());

        JsonNode critical = JSON.readTree(payload).path("critical");
        assertEquals(registry.host() + "/signed/app", critical.path("identity").path("docker-reference").asText());
        assertEquals(image.digest().toString(), critical.path("image").path("docker-manifest-digest").asText());
        assertEquals("cosign container image signature", critical.path("type").asText());
        assertTrue(SigningTestSupport.opensslVerifies(dir, first.resolve("pub.pem"), signature, payload),
                "the signing key's public key accepts");
        assertFalse(SigningTestSupport.opensslVerifies(dir, second.resolve("pub.pem"), signature, payload),
                "another key refuses");
        JsonNode config = JSON.readTree(blob("signed/app", manifest.path("config").path("digest").asText()));
        assertEquals(layer.path("digest").asText(), config.path("rootfs").path("diff_ids").get(0).asText());

        // The same key again changes nothing; a second key adds its signature and keeps the first.
        SignaturePusher.Result again = new SignaturePusher(client(), messages::add).sign(target, image.digest(), firstKey);
        assertFalse(again.changed());
        assertEquals(raw, registry.skopeoInspectRaw("signed/app:" + tag));
        new SignaturePusher(client(), messages::add).sign(target, image.digest(),
                SigningKey.load(second.resolve("key.pem"), null));
        JsonNode both = JSON.readTree(registry.skopeoInspectRaw("signed/app:" + tag));
        assertEquals(2, both.path("layers").size());
        assertEquals(layer, both.path("layers").get(0));
        byte[] secondSignature = Base64.getDecoder().decode(both.path("layers").get(1).path("annotations")
                .path("dev.cosignproject.cosign/signature").asText());
        assertTrue(SigningTestSupport.opensslVerifies(dir, second.resolve("pub.pem"), secondSignature, payload));
    }

    /** openssl helpers shared with nothing else, kept here so the test stands alone. */
    static final class SigningTestSupport {
        static Path opensslKey(Path dir, String name) throws Exception {
            Path keyDir = Files.createDirectories(dir.resolve(name));
            run(keyDir, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem");
            run(keyDir, "openssl", "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
            return keyDir;
        }

        static boolean opensslVerifies(Path dir, Path publicKey, byte[] signature, byte[] payload) throws Exception {
            Path sig = Files.write(dir.resolve("sig.bin"), signature);
            Path data = Files.write(dir.resolve("payload.json"), payload);
            ExternalTools.ProcessResult result = ExternalTools.run(Duration.ofSeconds(60), dir, Map.of(),
                    List.of("openssl", "dgst", "-sha256", "-verify", publicKey.toString(), "-signature",
                            sig.toString(), data.toString()));
            assertTrue(result.output().contains("Verified OK") || result.output().contains("Verification failure"),
                    result.output());
            return result.exitCode() == 0;
        }

        static void run(Path dir, String... command) throws Exception {
            ExternalTools.ProcessResult result = ExternalTools.run(Duration.ofSeconds(60), dir, Map.of(), List.of(command));
            assertEquals(0, result.exitCode(), String.join(" ", command) + ":\n" + result.output());
        }

        static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
            dev.zeroimage.ZeroImageException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.zeroimage.ZeroImageException.class, call);
            for (String part : parts) {
                assertTrue(e.getMessage().contains(part), "'" + part + "' missing in: " + e.getMessage());
            }
        }
    }
}
