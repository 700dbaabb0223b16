package dev.zeroimage.signing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys made by the JDK itself; the openssl round trips are in {@link OpensslSigningTest}. */
class SigningTest {
    static final Digest DIGEST = Digest.parse("sha256:" + "d34db33f".repeat(8));

    @TempDir
    Path temp;

    static Path pem(Path file, String type, byte[] der) throws Exception {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n");
        return file;
    }

    Path jdkKey(String name, String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return pem(temp.resolve(name), "PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded());
    }

    @Test
    void payloadIsCosignsBytes() {
        byte[] payload = SimpleSigningPayload.of(ImageReference.parse("example.com/test/image:1"), DIGEST);
        // The exact bytes sigstore's own tests expect for this image.
        assertEquals("{\"critical\":{\"identity\":{\"docker-reference\":\"example.com/test/image\"},\"image\":{"
                + "\"docker-manifest-digest\":\"sha256:d34db33fd34db33fd34db33fd34db33fd34db33fd34db33fd34db33fd34db33f\"},"
                + "\"type\":\"cosign container image signature\"},\"optional\":null}",
                new String(payload, StandardCharsets.UTF_8));
        assertEquals("index.docker.io/library/alpine",
                SimpleSigningPayload.dockerReference(ImageReference.parse("alpine:3.20")));
        assertEquals("127.0.0.1:5000/team/app",
                SimpleSigningPayload.dockerReference(ImageReference.parse("127.0.0.1:5000/team/app:1.0")));
        assertEquals("sha256-" + DIGEST.hex() + ".sig", SignatureManifest.tag(DIGEST));
    }

    @Test
    void jdkKeyWithoutEmbeddedPublicKeySignsAndVerifies() throws Exception {
        // The JDK writes PKCS#8 without the optional public key: it is computed from the private one.
        SigningKey key = SigningKey.load(jdkKey("k.pem", "secp256r1"), null);
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        byte[] signature = key.sign(data);
        assertTrue(key.verifies(data, signature));
        assertFalse(key.verifies("other".getBytes(StandardCharsets.UTF_8), signature));
        assertTrue(key.publicKeyPem().startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertEquals("SigningKey[EC P-256]", key.toString());
    }

    @Test
    void badKeysAreNamedWithTheSetting() throws Exception {
        Path missing = temp.resolve("missing.pem");
        assertMessage(() -> SigningKey.load(missing, null), missing.toString(), "does not exist", "signingKey");

        Path notPem = Files.writeString(temp.resolve("x.pem"), "hello");
        assertMessage(() -> SigningKey.load(notPem, null), "not a PEM file", "signingKey");

        Path p384 = jdkKey("p384.pem", "secp384r1");
        assertMessage(() -> SigningKey.load(p384, null), "not on the P-256 curve");

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        Path rsaKey = pem(temp.resolve("rsa.pem"), "PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded());
        assertMessage(() -> SigningKey.load(rsaKey, null), "not an EC private key");

        Path cert = Files.writeString(temp.resolve("c.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertMessage(() -> SigningKey.load(cert, null), "holds a CERTIFICATE");

        Path cosign = Files.writeString(temp.resolve("cosign.key"),
                "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJrZGYiOnt9fQ==\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
        assertMessage(() -> SigningKey.load(cosign, null), "cosign's own encrypted format", "openssl genpkey");

        Path encrypted = Files.writeString(temp.resolve("enc.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertMessage(() -> SigningKey.load(encrypted, null), "is encrypted", "signingKeyPasswordEnvironment");
    }

    @Test
    void signatureManifestKeepsOthersAndSkipsItsOwnRepeat() throws Exception {
        SigningKey first = SigningKey.load(jdkKey("a.pem", "secp256r1"), null);
        SigningKey second = SigningKey.load(jdkKey("b.pem", "secp256r1"), null);
        byte[] payload = SimpleSigningPayload.of(ImageReference.parse("127.0.0.1:5000/app:1"), DIGEST);

        SignatureManifest.Result one = SignatureManifest.build(null, payload, first.sign(payload), first.publicKey(), "t");
        assertTrue(one.changed());
        JsonNode manifest = Json.mapper().readTree(one.manifest());
        assertEquals("application/vnd.oci.image.manifest.v1+json", manifest.path("mediaType").asText());
        assertEquals("application/vnd.oci.image.config.v1+json", manifest.path("config").path("mediaType").asText());
        assertEquals(one.config().digest(), Digest.sha256(one.configJson()));
        JsonNode layer = manifest.path("layers").get(0);
        assertEquals("application/vnd.dev.cosign.simplesigning.v1+json", layer.path("mediaType").asText());
        assertEquals(Digest.sha256(payload).toString(), layer.path("digest").asText());
        assertEquals(payload.length, layer.path("size").asInt());
        byte[] signature = Base64.getDecoder().decode(layer.path("annotations")
                .path("dev.cosignproject.cosign/signature").asText());
        assertTrue(first.verifies(payload, signature));
        JsonNode config = Json.mapper().readTree(one.configJson());
        assertEquals(Digest.sha256(payload).toString(), config.path("rootfs").path("diff_ids").get(0).asText());

        // The same key again (ECDSA signatures differ each time): nothing changes.
        SignatureManifest.Result again = SignatureManifest.build(one.manifest(), payload, first.sign(payload),
                first.publicKey(), "t");
        assertFalse(again.changed());
        assertArrayEquals(one.manifest(), again.manifest());
        assertNull(again.configJson());

        // Another key: its signature is added, the first one kept as it was.
        SignatureManifest.Result two = SignatureManifest.build(one.manifest(), payload, second.sign(payload),
                second.publicKey(), "t");
        assertTrue(two.changed());
        JsonNode both = Json.mapper().readTree(two.manifest());
        assertEquals(2, both.path("layers").size());
        assertEquals(layer, both.path("layers").get(0));
        assertEquals(2, SignatureManifest.signatures(two.manifest(), "t").size());
        assertEquals(2, Json.mapper().readTree(two.configJson()).path("rootfs").path("diff_ids").size());
    }

    @Test
    void aTagHoldingSomethingElseIsNamed() {
        assertMessage(() -> SignatureManifest.build("{\"manifests\":[]}".getBytes(StandardCharsets.UTF_8),
                new byte[]{1}, new byte[]{2}, null, "reg/app:sha256-x.sig"), "reg/app:sha256-x.sig", "delete that tag");
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        ZeroImageException e = assertThrows(ZeroImageException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing in: " + e.getMessage());
        }
    }
}
