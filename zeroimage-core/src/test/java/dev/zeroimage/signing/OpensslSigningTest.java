package dev.zeroimage.signing;

import dev.zeroimage.image.ImageReference;
import dev.zeroimage.testing.ExternalTools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys as users make them with openssl, signatures checked by openssl, independently of our code. */
@Tag("real")
class OpensslSigningTest {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path temp;

    @BeforeEach
    void requireOpenssl() {
        ExternalTools.require("openssl");
    }

    private String openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        ExternalTools.ProcessResult result = ExternalTools.run(Duration.ofSeconds(60), temp, java.util.Map.of(), command);
        assertEquals(0, result.exitCode(), String.join(" ", command) + ":\n" + result.output());
        return result.output();
    }

    private boolean opensslVerifies(Path publicKey, byte[] signature, byte[] payload) throws Exception {
        Path sig = Files.write(temp.resolve("sig.bin"), signature);
        Path data = Files.write(temp.resolve("payload.json"), payload);
        ExternalTools.ProcessResult result = ExternalTools.run(Duration.ofSeconds(60), temp, java.util.Map.of(),
                List.of("openssl", "dgst", "-sha256", "-verify", publicKey.toString(), "-signature", sig.toString(),
                        data.toString()));
        assertTrue(result.output().contains("Verified OK") || result.output().contains("Verification failure"),
                result.output());
        return result.exitCode() == 0;
    }

    @Test
    void plainEncryptedAndSec1KeysSignWhatOpensslVerifies() throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "plain.pem");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256",
                "-pass", "pass:" + PASSWORD, "-out", "encrypted.pem");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.pem");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other.pem");
        openssl("pkey", "-in", "other.pem", "-pubout", "-out", "other.pub");

        byte[] payload = SimpleSigningPayload.of(ImageReference.parse("127.0.0.1:5000/team/app:1.0"), SigningTest.DIGEST);
        for (String name : List.of("plain", "encrypted", "sec1")) {
            char[] password = name.equals("encrypted") ? PASSWORD.toCharArray() : null;
            if (name.equals("encrypted")) {
                openssl("pkey", "-in", name + ".pem", "-passin", "pass:" + PASSWORD, "-pubout", "-out", name + ".pub");
            } else {
                openssl("pkey", "-in", name + ".pem", "-pubout", "-out", name + ".pub");
            }
            SigningKey key = SigningKey.load(temp.resolve(name + ".pem"), password);
            byte[] signature = key.sign(payload);
            assertTrue(opensslVerifies(temp.resolve(name + ".pub"), signature, payload), name + ": right key accepts");
            assertFalse(opensslVerifies(temp.resolve("other.pub"), signature, payload), name + ": another key refuses");
            assertEquals(Files.readString(temp.resolve(name + ".pub")), key.publicKeyPem(), name + ": same public key");
        }
    }

    @Test
    void wrongPasswordIsNamedWithoutTheKeyOrPassword() throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256",
                "-pass", "pass:" + PASSWORD, "-out", "encrypted.pem");
        String keyText = Files.readString(temp.resolve("encrypted.pem"), StandardCharsets.US_ASCII);
        String body = keyText.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        SigningTest.assertMessage(() -> SigningKey.load(temp.resolve("encrypted.pem"), "wrong-password".toCharArray()),
                "Cannot decrypt", "signingKeyPasswordEnvironment");
        try {
            SigningKey.load(temp.resolve("encrypted.pem"), "wrong-password".toCharArray());
        } catch (RuntimeException e) {
            assertFalse(e.getMessage().contains("wrong-password"), e.getMessage());
            assertFalse(e.getMessage().contains(body.substring(0, 20)), e.getMessage());
        }
    }

    @Test
    void legacyEncryptedPemIsExplained() throws Exception {
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.pem");
        openssl("ec", "-in", "sec1.pem", "-aes256", "-passout", "pass:" + PASSWORD, "-out", "legacy.pem");
        SigningTest.assertMessage(() -> SigningKey.load(temp.resolve("legacy.pem"), PASSWORD.toCharArray()),
                "legacy PEM encryption", "openssl pkcs8 -topk8");
    }
}
