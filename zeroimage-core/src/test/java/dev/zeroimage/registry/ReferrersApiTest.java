package dev.zeroimage.registry;

import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.MediaType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A registry with the referrers API (it answers OCI-Subject) needs no fallback tag. JDK server on loopback. */
class ReferrersApiTest {
    @Test
    void registryWithReferrersApiGetsNoFallbackTag() throws Exception {
        Descriptor subject = new Descriptor(MediaType.OCI_MANIFEST, Digest.sha256(new byte[]{1}), 123);
        ReferrersPusher.Artifact artifact = new ReferrersPusher.Artifact("application/vnd.cyclonedx+json",
                "{\"bomFormat\":\"CycloneDX\"}".getBytes(StandardCharsets.UTF_8), "sbom.cdx.json", Map.of());
        byte[] manifest = ReferrersPusher.manifest(artifact, subject);
        Digest digest = Digest.sha256(manifest);
        try (LoopbackHttpServer server = LoopbackHttpServer.start((index, request) -> {
            if (request.method().equals("HEAD") && request.target().contains("/blobs/")) {
                return LoopbackHttpServer.Response.of(200, Map.of());
            }
            if (request.method().equals("PUT") && request.target().contains("/manifests/")) {
                return LoopbackHttpServer.Response.of(201, Map.of("Docker-Content-Digest", digest.toString(),
                        "OCI-Subject", subject.digest().toString()));
            }
            return LoopbackHttpServer.Response.of(404, Map.of());
        })) {
            List<String> log = new ArrayList<>();
            RegistryClient client = new RegistryClient(server.host(), server.host(), PushFixtures.insecure(server.host()));
            ReferrersPusher.Result result = new ReferrersPusher(client, log::add).push("team/app", subject, artifact);

            assertTrue(result.registryIndexesReferrers());
            assertFalse(result.fallbackIndexWritten());
            assertEquals(digest, result.manifestDigest());
            List<String> targets = server.requests().stream().map(r -> r.method() + " " + r.target()).toList();
            assertTrue(targets.contains("PUT /v2/team/app/manifests/" + digest), targets.toString());
            assertTrue(targets.stream().noneMatch(t -> t.contains("sha256-")), "no fallback tag: " + targets);
        }
    }

    @Test
    void manifestHasTheShapeOfAnOci11Artifact() throws Exception {
        Descriptor subject = new Descriptor(MediaType.OCI_MANIFEST, Digest.sha256(new byte[]{1}), 123);
        byte[] sbom = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ReferrersPusher.manifest(new ReferrersPusher.Artifact("application/vnd.cyclonedx+json",
                sbom, null, Map.of("b", "2", "a", "1")), subject);
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/vnd.cyclonedx+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.empty.v1+json\",\"digest\":"
                + "\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.cyclonedx+json\",\"digest\":\"" + Digest.sha256(sbom)
                + "\",\"size\":2}],\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"" + subject.digest() + "\",\"size\":123},\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}",
                new String(manifest, StandardCharsets.UTF_8));
        assertEquals("sha256-" + subject.digest().hex(), ReferrersPusher.fallbackTag(subject.digest()));
    }
}
