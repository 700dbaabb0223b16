package dev.zeroimage.base;

import dev.zeroimage.ZeroImageException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The CA bundle of the static base: the pinned Mozilla roots, plus or instead of users' PEM files.
 * User certificates are parsed and written back as plain PEM, so comments, keys or other blocks in
 * their files never reach the image.
 */
final class StaticBaseCertificates {
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";
    /** A CA file is a few KB; anything this large is not one. */
    private static final long MAX_PEM_FILE = 16L * 1024 * 1024;

    private StaticBaseCertificates() {
    }

    static byte[] bundle(List<Path> extraCaCertificates, boolean replaceCaBundle) {
        if (replaceCaBundle && extraCaCertificates.isEmpty()) {
            throw new ZeroImageException("The CA bundle of the static base is to be replaced, but no CA certificate"
                    + " files are given: add the PEM files to use, or keep the built-in bundle");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!replaceCaBundle) {
            byte[] builtIn = StaticBaseData.caBundle();
            out.writeBytes(builtIn);
            if (builtIn.length > 0 && builtIn[builtIn.length - 1] != '\n') {
                out.write('\n');
            }
        }
        for (Path file : extraCaCertificates) {
            for (Certificate certificate : read(file)) {
                out.writeBytes(pem(certificate, file));
            }
        }
        return out.toByteArray();
    }

    /** The certificates of a PEM file; a ZeroImageException naming the file when it is not one. */
    static List<Certificate> read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_PEM_FILE) {
                throw notPem(file, "it is larger than " + MAX_PEM_FILE / (1024 * 1024) + " MB");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ZeroImageException("The CA certificate file " + file + " does not exist: check the path", e);
        } catch (IOException e) {
            throw new ZeroImageException("Cannot read the CA certificate file " + file + " (" + e.getMessage()
                    + "): check that it is a readable file", e);
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.contains("PRIVATE KEY-----")) {
            throw new ZeroImageException("The CA certificate file " + file + " contains a private key: a key must"
                    + " never go into an image; give a file with only the certificate (openssl x509 -in "
                    + file.getFileName() + " -out ca.pem)");
        }
        int blocks = count(text, BEGIN);
        if (blocks == 0) {
            throw notPem(file, "it has no " + BEGIN + " block (for a DER file: openssl x509 -inform DER -in "
                    + file.getFileName() + " -out ca.pem)");
        }
        Collection<? extends Certificate> certificates;
        try {
            certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
        } catch (CertificateException e) {
            throw notPem(file, "it does not parse: " + e.getMessage());
        }
        if (certificates.size() != blocks) {
            throw notPem(file, "it has " + blocks + " certificate blocks, but only " + certificates.size()
                    + " could be read");
        }
        return new ArrayList<>(certificates);
    }

    private static byte[] pem(Certificate certificate, Path file) {
        try {
            String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded());
            return (BEGIN + "\n" + base64 + "\n" + END + "\n").getBytes(StandardCharsets.US_ASCII);
        } catch (CertificateEncodingException e) {
            throw notPem(file, "a certificate cannot be encoded: " + e.getMessage());
        }
    }

    private static ZeroImageException notPem(Path file, String reason) {
        return new ZeroImageException("The CA certificate file " + file + " is not an X.509 certificate in PEM"
                + " format (" + reason + "): give PEM files, which start with " + BEGIN);
    }

    private static int count(String text, String marker) {
        int n = 0;
        for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + marker.length())) {
            n++;
        }
        return n;
    }
}
