package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.signing.SigningKey;

import java.io.File;
import java.util.Arrays;
import java.util.Map;

/**
 * Checks the signing settings before any work and loads the key. Neither the key nor its password is
 * ever logged; the password is read from the environment variable the POM names, never from the POM.
 */
final class SigningSettings {
    private SigningSettings() {
    }

    /** The key when {@code sign} is true, else null; every mistake fails here, naming the setting. */
    static SigningKey load(boolean sign, boolean pushes, File signingKey, String passwordEnvironment,
                           Map<String, String> environment) {
        if (!sign) {
            return null;
        }
        if (signingKey == null) {
            throw new ZeroImageException("sign (zeroimage.sign) is true but signingKey (zeroimage.signingKey) is not"
                    + " set: point it at a PEM EC P-256 private key, e.g. made with 'openssl genpkey -algorithm EC"
                    + " -pkeyopt ec_paramgen_curve:P-256 -out cosign.pem'");
        }
        if (!pushes) {
            throw new ZeroImageException("sign (zeroimage.sign) needs push (zeroimage.push=true): signatures are"
                    + " stored in the registry next to the pushed image");
        }
        char[] password = null;
        if (passwordEnvironment != null && !passwordEnvironment.isBlank()) {
            String value = environment.get(passwordEnvironment.trim());
            if (value == null) {
                throw new ZeroImageException("signingKeyPasswordEnvironment names the environment variable "
                        + passwordEnvironment.trim() + ", which is not set: export it with the signing key's password");
            }
            password = value.toCharArray();
        }
        try {
            return SigningKey.load(signingKey.toPath(), password);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }
}
