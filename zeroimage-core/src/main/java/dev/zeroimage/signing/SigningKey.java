package dev.zeroimage.signing;

import dev.zeroimage.ZeroImageException;

import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.EncryptedPrivateKeyInfo;

/**
 * An EC P-256 private key from a PEM file, and its public key. Accepted: PKCS#8 ({@code PRIVATE KEY},
 * as {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256} writes it), encrypted
 * PKCS#8 ({@code ENCRYPTED PRIVATE KEY}, {@code genpkey … -aes256}), and SEC1 ({@code EC PRIVATE KEY}).
 *
 * <p>Neither the key nor the password appears in any message or {@link #toString()}.
 */
public final class SigningKey {
    /** The settings named in messages. */
    static final String KEY_SETTING = "signingKey (zeroimage.signingKey)";
    static final String PASSWORD_SETTING = "signingKeyPasswordEnvironment";

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);
    /** The OID 1.2.840.10045.2.1 (id-ecPublicKey) and 1.2.840.10045.3.1.7 (prime256v1), DER-encoded. */
    private static final byte[] EC_PUBLIC_KEY_OID = HexFormat.of().parseHex("06072a8648ce3d0201");
    private static final byte[] P256_OID = HexFormat.of().parseHex("06082a8648ce3d030107");
    private static final BigInteger P256_PRIME =
            new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * Loads the key; {@code password} (may be null) decrypts an encrypted one and is cleared by the
     * caller. Every problem is a {@link ZeroImageException} naming the file and the setting.
     */
    public static SigningKey load(Path file, char[] password) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new ZeroImageException("The signing key " + file + " does not exist: set " + KEY_SETTING
                    + " to a PEM EC P-256 private key");
        } catch (IOException e) {
            throw new ZeroImageException("Cannot read the signing key " + file + " (" + KEY_SETTING + "): "
                    + e.getMessage(), e);
        }
        Matcher pem = PEM.matcher(text);
        if (!pem.find()) {
            throw new ZeroImageException("The signing key " + file + " is not a PEM file (no -----BEGIN …----- line):"
                    + " " + KEY_SETTING + " must be an EC P-256 private key, for example from"
                    + " 'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256'");
        }
        String type = pem.group(1);
        String body = pem.group(2);
        byte[] der = decodeBase64(file, body);
        try {
            byte[] pkcs8 = switch (type) {
                case "PRIVATE KEY" -> der;
                case "ENCRYPTED PRIVATE KEY" -> decrypt(file, der, password);
                case "EC PRIVATE KEY" -> sec1ToPkcs8(file, der);
                case "ENCRYPTED SIGSTORE PRIVATE KEY", "ENCRYPTED COSIGN PRIVATE KEY" ->
                        throw new ZeroImageException("The signing key " + file + " is in cosign's own encrypted format,"
                                + " which zeroimage does not read: use a PKCS#8 key made with 'openssl genpkey -algorithm EC"
                                + " -pkeyopt ec_paramgen_curve:P-256 [-aes256]' (cosign verifies with its public key,"
                                + " 'openssl pkey -pubout')");
                default -> throw new ZeroImageException("The signing key " + file + " holds a " + type
                        + ", not a private key: " + KEY_SETTING + " must be an EC P-256 private key in PEM");
            };
            return fromPkcs8(file, pkcs8);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** ECDSA with SHA-256 over {@code data}: the DER signature, as cosign and openssl write it. */
    public byte[] sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(privateKey);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withECDSA is required of every JVM", e);
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** True when {@code signature} (DER) is this key's signature of {@code data}. */
    public boolean verifies(byte[] data, byte[] signature) {
        return verify(publicKey, data, signature);
    }

    static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withECDSA is required of every JVM", e);
        }
    }

    /** The public key in PEM ({@code PUBLIC KEY}), what {@code cosign verify --key} and openssl read. */
    public String publicKeyPem() {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(publicKey.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    @Override
    public String toString() {
        return "SigningKey[EC P-256]";
    }

    private static byte[] decodeBase64(Path file, String body) {
        if (body.contains("Proc-Type:")) {
            throw new ZeroImageException("The signing key " + file + " uses OpenSSL's legacy PEM encryption:"
                    + " convert it with 'openssl pkcs8 -topk8 -in OLD -out NEW' (it asks for the old password"
                    + " and writes an encrypted PKCS#8 key) and point " + KEY_SETTING + " at the new file");
        }
        try {
            return Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new ZeroImageException("The signing key " + file + " is not valid PEM (bad base64): " + KEY_SETTING
                    + " must be a PEM EC P-256 private key");
        }
    }

    private static byte[] decrypt(Path file, byte[] der, char[] password) {
        if (password == null || password.length == 0) {
            throw new ZeroImageException("The signing key " + file + " is encrypted: set " + PASSWORD_SETTING
                    + " to the name of an environment variable that holds its password");
        }
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (IOException e) {
            throw new ZeroImageException("The signing key " + file + " is not a valid encrypted PKCS#8 key: "
                    + KEY_SETTING + " must be an EC P-256 private key in PEM");
        }
        PBEKeySpec spec = new PBEKeySpec(password);
        try {
            AlgorithmParameters parameters = info.getAlgParameters();
            // PBES2 parameters name the real scheme, e.g. PBEWithHmacSHA256AndAES_256.
            String algorithm = parameters != null ? parameters.toString() : info.getAlgName();
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(spec), parameters);
            return info.getKeySpec(cipher).getEncoded();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new ZeroImageException("The signing key " + file + " is encrypted with a scheme this Java cannot"
                    + " decrypt (" + info.getAlgName() + "): re-encrypt it with 'openssl pkcs8 -topk8 -v2 aes-256-cbc'");
        } catch (GeneralSecurityException e) {
            throw new ZeroImageException("Cannot decrypt the signing key " + file + ": wrong password? Check the"
                    + " environment variable named by " + PASSWORD_SETTING);
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] sec1ToPkcs8(Path file, byte[] sec1) {
        try {
            Der.parseOne(sec1);
        } catch (IllegalArgumentException e) {
            throw new ZeroImageException("The signing key " + file + " is not a valid EC PRIVATE KEY: " + KEY_SETTING
                    + " must be an EC P-256 private key in PEM");
        }
        byte[] algorithm = Der.encode(Der.SEQUENCE, EC_PUBLIC_KEY_OID, P256_OID);
        return Der.encode(Der.SEQUENCE, new byte[]{Der.INTEGER, 1, 0}, algorithm, Der.encode(Der.OCTET_STRING, sec1));
    }

    private static SigningKey fromPkcs8(Path file, byte[] pkcs8) {
        PrivateKey privateKey;
        try {
            privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new ZeroImageException("The signing key " + file + " is not an EC private key (RSA and Ed25519"
                    + " keys are not supported): " + KEY_SETTING + " must be an EC P-256 private key");
        }
        ECParameterSpec params = ((ECPrivateKey) privateKey).getParams();
        if (!(params.getCurve().getField() instanceof ECFieldFp field) || !field.getP().equals(P256_PRIME)
                || params.getOrder().bitLength() != 256) {
            throw new ZeroImageException("The signing key " + file + " is not on the P-256 curve: cosign keys are"
                    + " ECDSA P-256; make one with 'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256'");
        }
        ECPoint point = embeddedPublicPoint(pkcs8);
        if (point == null) {
            point = multiply(params, ((ECPrivateKey) privateKey).getS());
        }
        PublicKey publicKey;
        try {
            publicKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, params));
        } catch (GeneralSecurityException e) {
            throw new ZeroImageException("The public key inside the signing key " + file + " is not a valid P-256"
                    + " point: regenerate the key");
        }
        SigningKey key = new SigningKey(privateKey, publicKey);
        byte[] probe = "zeroimage signing key check".getBytes(StandardCharsets.US_ASCII);
        if (!key.verifies(probe, key.sign(probe))) {
            throw new ZeroImageException("The public key inside the signing key " + file + " does not belong to its"
                    + " private key: the file is damaged, regenerate it");
        }
        return key;
    }

    /** The optional public key of an ECPrivateKey inside PKCS#8 ({@code [1] BIT STRING 04‖X‖Y}), or null. */
    private static ECPoint embeddedPublicPoint(byte[] pkcs8) {
        try {
            List<Der.Element> info = Der.parseOne(pkcs8).children();
            Der.Element octets = info.stream().filter(e -> e.tag() == Der.OCTET_STRING).findFirst().orElse(null);
            if (octets == null) {
                return null;
            }
            for (Der.Element element : Der.parseOne(octets.value()).children()) {
                if (element.tag() == 0xa1) {
                    Der.Element bits = Der.parseOne(element.value());
                    byte[] value = bits.value();
                    if (bits.tag() == Der.BIT_STRING && value.length == 66 && value[0] == 0 && value[1] == 4) {
                        return new ECPoint(new BigInteger(1, Arrays.copyOfRange(value, 2, 34)),
                                new BigInteger(1, Arrays.copyOfRange(value, 34, 66)));
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // The JDK accepted the key; without a readable embedded public key, compute it.
        }
        return null;
    }

    /** d·G in affine coordinates: only for a key file without its public key, so speed does not matter. */
    private static ECPoint multiply(ECParameterSpec params, BigInteger scalar) {
        EllipticCurve curve = params.getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        ECPoint result = ECPoint.POINT_INFINITY;
        ECPoint addend = params.getGenerator();
        for (int i = 0; i < scalar.bitLength(); i++) {
            if (scalar.testBit(i)) {
                result = add(result, addend, curve.getA(), p);
            }
            addend = add(addend, addend, curve.getA(), p);
        }
        return result;
    }

    private static ECPoint add(ECPoint first, ECPoint second, BigInteger a, BigInteger p) {
        if (first.equals(ECPoint.POINT_INFINITY)) {
            return second;
        }
        if (second.equals(ECPoint.POINT_INFINITY)) {
            return first;
        }
        BigInteger x1 = first.getAffineX();
        BigInteger y1 = first.getAffineY();
        BigInteger x2 = second.getAffineX();
        BigInteger y2 = second.getAffineY();
        BigInteger slope;
        if (x1.equals(x2)) {
            if (!y1.equals(y2) || y1.signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            slope = x1.pow(2).multiply(BigInteger.valueOf(3)).add(a).multiply(y1.shiftLeft(1).modInverse(p)).mod(p);
        } else {
            slope = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(p)).mod(p);
        }
        BigInteger x3 = slope.pow(2).subtract(x1).subtract(x2).mod(p);
        BigInteger y3 = slope.multiply(x1.subtract(x3)).subtract(y1).mod(p);
        return new ECPoint(x3, y3);
    }
}
