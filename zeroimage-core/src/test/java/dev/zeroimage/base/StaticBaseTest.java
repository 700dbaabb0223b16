package dev.zeroimage.base;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.layer.Compression;
import dev.zeroimage.layer.LayerContents;
import dev.zeroimage.layer.LayerEntry;
import dev.zeroimage.layer.TarLayerWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class StaticBaseTest {
    private static final String ZONEINFO = StaticBase.ZONEINFO_PATH + "/";

    @TempDir
    static Path dir;

    /** A self-signed certificate made at test time, in PEM; null when no tool could make one. */
    private static Path selfSigned;

    @BeforeAll
    static void makeCertificate() throws Exception {
        selfSigned = TestCertificates.selfSigned(dir);
    }

    // --- users, directories, configuration ---------------------------------------------------------

    @Test
    void passwdHasRootNobodyAndNonroot() {
        LayerContents contents = StaticBase.contents(List.of(), false);
        LayerEntry passwd = file(contents, "/etc/passwd");
        assertEquals(0644, passwd.mode());
        List<String> lines = text(passwd).lines().toList();
        String[] nonroot = line(lines, "nonroot");
        assertEquals("65532", nonroot[2]);
        assertEquals("65532", nonroot[3]);
        assertEquals("/home/nonroot", nonroot[5]);
        assertEquals("/sbin/nologin", nonroot[6]);
        assertEquals("0", line(lines, "root")[2]);
        assertEquals("65534", line(lines, "nobody")[2]);
        assertEquals(3, lines.size());
        assertTrue(text(passwd).endsWith("\n"));

        LayerEntry group = file(contents, "/etc/group");
        assertEquals(0644, group.mode());
        List<String> groups = text(group).lines().toList();
        assertEquals("0", line(groups, "root")[2]);
        assertEquals("65534", line(groups, "nobody")[2]);
        assertEquals("65532", line(groups, "nonroot")[2]);
    }

    @Test
    void directoriesHaveTheirModesAndOwners() {
        LayerContents contents = StaticBase.contents(List.of(), false);
        LayerEntry tmp = contents.get("/tmp");
        assertEquals(LayerEntry.Kind.DIRECTORY, tmp.kind());
        assertEquals(01777, tmp.mode());
        assertEquals(0, tmp.uid());

        LayerEntry home = contents.get("/home/nonroot");
        assertEquals(LayerEntry.Kind.DIRECTORY, home.kind());
        assertEquals(0700, home.mode());
        assertEquals(65532, home.uid());
        assertEquals(65532, home.gid());
        assertEquals(0755, contents.get("/home").mode());
        assertEquals(0, contents.get("/home").uid());

        assertEquals(0700, contents.get("/root").mode());
        assertEquals(0, contents.get("/root").uid());
    }

    @Test
    void nsswitchUsesFilesThenDns() {
        LayerEntry nsswitch = file(StaticBase.contents(List.of(), false), "/etc/nsswitch.conf");
        assertEquals(0644, nsswitch.mode());
        String text = text(nsswitch);
        assertTrue(text.lines().anyMatch(l -> l.matches("passwd:\\s+files")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("group:\\s+files")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("hosts:\\s+files dns")), text);
    }

    @Test
    void everyEntryIsRootOwnedExceptTheNonrootHome() {
        for (LayerEntry entry : StaticBase.contents(List.of(), false).entries()) {
            if (!entry.path().equals("/home/nonroot")) {
                assertEquals(0, entry.uid(), entry.path());
                assertEquals(0, entry.gid(), entry.path());
            }
        }
    }

    // --- CA certificates ----------------------------------------------------------------------------

    @Test
    void caBundleHasTheMozillaRoots() throws Exception {
        LayerContents contents = StaticBase.contents(List.of(), false);
        LayerEntry bundle = file(contents, StaticBase.CA_BUNDLE_PATH);
        assertEquals(0644, bundle.mode());
        List<X509Certificate> certificates = certificates(bundle.content());
        assertTrue(certificates.size() > 100, "only " + certificates.size() + " certificates");
        assertEquals(Integer.parseInt(versions().getProperty("ca-certificates.count")), certificates.size());
        assertTrue(certificates.stream().allMatch(c -> c.getBasicConstraints() >= 0 || isSelfSigned(c)));
        assertTrue(certificates.stream().anyMatch(c -> c.getSubjectX500Principal().getName().contains("ISRG Root X1")),
                "Let's Encrypt's root is missing");
        assertEquals(versions().getProperty("ca-certificates.sha256"), sha256(bundle.content()),
                "the bundle differs from what update-static-base-data.sh recorded");

        LayerEntry certPem = contents.get("/etc/ssl/cert.pem");
        assertEquals(LayerEntry.Kind.SYMLINK, certPem.kind());
        assertEquals("certs/ca-certificates.crt", certPem.linkTarget());
    }

    @Test
    void extraCertificateIsAppended() throws Exception {
        Path pem = requireCertificate();
        byte[] builtIn = file(StaticBase.contents(List.of(), false), StaticBase.CA_BUNDLE_PATH).content();
        byte[] bundle = file(StaticBase.contents(List.of(pem), false), StaticBase.CA_BUNDLE_PATH).content();

        assertArrayEquals(builtIn, Arrays.copyOf(bundle, builtIn.length), "the built-in roots come first, unchanged");
        List<X509Certificate> all = certificates(bundle);
        assertEquals(certificates(builtIn).size() + 1, all.size());
        assertEquals(certificates(Files.readAllBytes(pem)).get(0), all.get(all.size() - 1));
    }

    @Test
    void replacedBundleHasOnlyTheGivenCertificates() throws Exception {
        Path pem = requireCertificate();
        byte[] bundle = file(StaticBase.contents(List.of(pem), true), StaticBase.CA_BUNDLE_PATH).content();
        List<X509Certificate> all = certificates(bundle);
        assertEquals(1, all.size());
        assertEquals(certificates(Files.readAllBytes(pem)).get(0), all.get(0));
        String text = new String(bundle, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("-----BEGIN CERTIFICATE-----\n") && text.endsWith("-----END CERTIFICATE-----\n"), text);
    }

    @Test
    void commentsAndKeysAroundCertificatesAreNotCopied() throws Exception {
        Path pem = requireCertificate();
        Path commented = dir.resolve("commented.pem");
        String cert = Files.readString(pem, StandardCharsets.US_ASCII);
        Files.writeString(commented, "# Our internal CA\n" + cert + "\n# the same again\n" + cert,
                StandardCharsets.US_ASCII);
        byte[] bundle = file(StaticBase.contents(List.of(commented), true), StaticBase.CA_BUNDLE_PATH).content();
        String text = new String(bundle, StandardCharsets.US_ASCII);
        assertFalse(text.contains("#"), text);
        assertEquals(2, certificates(bundle).size());
    }

    @Test
    void notPemGivesAnErrorNamingTheFile() throws IOException {
        Path notPem = dir.resolve("not-a-certificate.pem");
        Files.writeString(notPem, "hello, I am not a certificate\n");
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> StaticBase.contents(List.of(notPem), false));
        assertTrue(e.getMessage().contains(notPem.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("PEM"), e.getMessage());

        Path garbled = dir.resolve("garbled.pem");
        Files.writeString(garbled, "-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        e = assertThrows(ZeroImageException.class, () -> StaticBase.contents(List.of(garbled), true));
        assertTrue(e.getMessage().contains(garbled.toString()), e.getMessage());
    }

    @Test
    void missingFileGivesAnErrorNamingTheFile() {
        Path missing = dir.resolve("missing-ca.pem");
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> StaticBase.contents(List.of(missing), false));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void privateKeyIsRefused() throws IOException {
        Path pem = requireCertificate();
        Path withKey = dir.resolve("with-key.pem");
        Files.writeString(withKey, Files.readString(pem)
                + "-----BEGIN PRIVATE KEY-----\nTm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> StaticBase.contents(List.of(withKey), false));
        assertTrue(e.getMessage().contains(withKey.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("private key"), e.getMessage());
    }

    @Test
    void replacingWithNothingIsAnError() {
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> StaticBase.contents(List.of(), true));
        assertTrue(e.getMessage().contains("CA"), e.getMessage());
    }

    // --- time zones --------------------------------------------------------------------------------

    @Test
    void zoneinfoHasTheIanaZones() {
        LayerContents contents = StaticBase.contents(null, false);
        for (String zone : List.of("Europe/Berlin", "America/New_York", "Etc/UTC", "Asia/Tokyo", "Etc/GMT+5")) {
            LayerEntry entry = file(contents, ZONEINFO + zone);
            assertEquals(0644, entry.mode());
            assertEquals("TZif", new String(entry.content(), 0, 4, StandardCharsets.US_ASCII), zone);
        }
        for (String table : List.of("zone1970.tab", "zone.tab", "iso3166.tab", "tzdata.zi")) {
            assertTrue(file(contents, ZONEINFO + table).content().length > 0, table);
        }
        assertTrue(text(file(contents, ZONEINFO + "zone1970.tab")).contains("Europe/Berlin"));

        assertEquals("TZif", new String(resolve(contents, ZONEINFO + "UTC").content(), 0, 4, StandardCharsets.US_ASCII));
        assertEquals(LayerEntry.Kind.SYMLINK, contents.get(ZONEINFO + "US/Eastern").kind());
        assertEquals(contents.get(ZONEINFO + "America/New_York"), resolve(contents, ZONEINFO + "US/Eastern"));

        for (String absent : List.of("right", "posix", "localtime")) {
            assertEquals(null, contents.get(ZONEINFO + absent), absent + " must not be shipped");
        }
        assertEquals(0755, contents.get(StaticBase.ZONEINFO_PATH).mode());
    }

    @Test
    void everyZoneLinkIsRelativeAndResolves() {
        LayerContents contents = StaticBase.contents(List.of(), false);
        int links = 0;
        int files = 0;
        for (LayerEntry entry : contents.entries()) {
            if (!entry.path().startsWith(ZONEINFO)) {
                continue;
            }
            if (entry.kind() == LayerEntry.Kind.SYMLINK) {
                links++;
                assertFalse(entry.linkTarget().startsWith("/"), entry.path());
                LayerEntry target = resolve(contents, entry.path());
                assertEquals(LayerEntry.Kind.FILE, target.kind(), entry.path());
            } else if (entry.kind() == LayerEntry.Kind.FILE) {
                files++;
            }
        }
        assertEquals(Integer.parseInt(versions().getProperty("tzdata.count")), links + files);
        assertTrue(files > 300, files + " zone files");
        assertTrue(links > 50, links + " zone links");
    }

    // --- determinism, labels, size ------------------------------------------------------------------

    @Test
    void twoCallsGiveTheSameEntriesAndBytes() throws Exception {
        Path pem = requireCertificate();
        LayerContents first = StaticBase.contents(List.of(pem), false);
        LayerContents second = StaticBase.contents(List.of(pem), false);
        List<LayerEntry> a = new ArrayList<>(first.entries());
        List<LayerEntry> b = new ArrayList<>(second.entries());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            LayerEntry x = a.get(i);
            LayerEntry y = b.get(i);
            assertEquals(x.path(), y.path());
            assertEquals(x.kind(), y.kind(), x.path());
            assertEquals(x.mode(), y.mode(), x.path());
            assertEquals(x.uid(), y.uid(), x.path());
            assertEquals(x.gid(), y.gid(), x.path());
            assertEquals(x.linkTarget(), y.linkTarget(), x.path());
            assertArrayEquals(x.content(), y.content(), x.path());
            assertEquals(null, x.source(), x.path() + " must not depend on a file of the build machine");
        }
        assertArrayEquals(tar(first), tar(second));
    }

    @Test
    void labelsHaveTheVersions() {
        Map<String, String> labels = StaticBase.labels();
        assertEquals(versions().getProperty("ca-certificates.version"), labels.get("dev.zeroimage.static.ca-certificates"));
        assertEquals(versions().getProperty("tzdata.version"), labels.get("dev.zeroimage.static.tzdata"));
        assertNotNull(labels.get("dev.zeroimage.static.tzdata"));
        assertEquals(List.of("dev.zeroimage.static.ca-certificates", "dev.zeroimage.static.tzdata"),
                List.copyOf(labels.keySet()));
        assertThrows(UnsupportedOperationException.class, () -> labels.put("x", "y"));
        assertEquals("static", StaticBase.NAME);
    }

    @Test
    void dpkgRecordsNameThePinnedPackages() {
        LayerContents contents = StaticBase.contents(List.of(), false);
        for (String debianPackage : List.of("ca-certificates", "tzdata")) {
            LayerEntry record = file(contents, "/var/lib/dpkg/status.d/" + debianPackage);
            assertEquals(0644, record.mode());
            assertEquals(0, record.uid());
            List<String> lines = text(record).lines().toList();
            // Field order and names as distroless writes them; scanners read Package, Version, Architecture.
            assertEquals("Package: " + debianPackage, lines.get(0));
            assertTrue(lines.contains("Version: " + versions().getProperty(debianPackage + ".version")), lines.toString());
            assertTrue(lines.contains("Architecture: all"), lines.toString());
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("Maintainer: ")), lines.toString());
            assertFalse(lines.stream().anyMatch(line -> line.startsWith("Status:") || line.startsWith("Conffiles:")),
                    "no local install state: " + lines);
        }
        assertEquals(Map.of("ca-certificates", versions().getProperty("ca-certificates.version"),
                "tzdata", versions().getProperty("tzdata.version")), StaticBase.debianPackages());
        assertEquals(List.of("ca-certificates", "tzdata"), List.copyOf(StaticBase.debianPackages().keySet()));
    }

    @Test
    void sizeOfTheLayer() throws Exception {
        byte[] tar = tar(StaticBase.contents(List.of(), false));
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (OutputStream gzip = Compression.DEFAULT.compress(gzipped)) {
            gzip.write(tar);
        }
        System.out.println("static base layer: tar " + tar.length + " bytes, " + Compression.DEFAULT + " "
                + gzipped.size() + " bytes, tar sha256 " + sha256(tar));
        assertTrue(tar.length < 2_000_000, tar.length + " bytes");
        assertTrue(gzipped.size() < 600_000, gzipped.size() + " bytes");
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static Path requireCertificate() {
        if (selfSigned == null) {
            TestCertificates.skipOrFail();
        }
        return selfSigned;
    }

    private static byte[] tar(LayerContents contents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TarLayerWriter(Instant.EPOCH).write(contents, out);
        return out.toByteArray();
    }

    private static LayerEntry file(LayerContents contents, String path) {
        LayerEntry entry = contents.get(path);
        assertNotNull(entry, path + " is missing");
        assertEquals(LayerEntry.Kind.FILE, entry.kind(), path);
        assertNotNull(entry.content(), path);
        return entry;
    }

    /** Follows symlinks (relative targets) to the final entry. */
    private static LayerEntry resolve(LayerContents contents, String path) {
        LayerEntry entry = contents.get(path);
        for (int hops = 0; entry != null && entry.kind() == LayerEntry.Kind.SYMLINK; hops++) {
            assertTrue(hops < 10, "symlink loop at " + path);
            String parent = LayerEntry.parentOf(entry.path());
            Path resolved = Path.of(parent).resolve(entry.linkTarget()).normalize();
            entry = contents.get(resolved.toString().replace(File.separatorChar, '/'));
        }
        assertNotNull(entry, path + " does not resolve");
        return entry;
    }

    private static String text(LayerEntry entry) {
        return new String(entry.content(), StandardCharsets.UTF_8);
    }

    private static String[] line(List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith(name + ":")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + name + " in " + lines))
                .split(":", -1);
    }

    private static List<X509Certificate> certificates(byte[] pem) throws Exception {
        Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem));
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : all) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    private static boolean isSelfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    private static Properties versions() {
        Properties properties = new Properties();
        try (InputStream in = StaticBase.class.getResourceAsStream("static/VERSIONS.properties")) {
            assertNotNull(in, "VERSIONS.properties is missing");
            properties.load(in);
        } catch (IOException e) {
            fail(e);
        }
        return properties;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Makes a self-signed CA with openssl, or keytool from the running JDK when openssl is missing. */
    static final class TestCertificates {
        private TestCertificates() {
        }

        static Path selfSigned(Path dir) throws Exception {
            Path pem = dir.resolve("test-ca.pem");
            Path openssl = onPath("openssl");
            if (openssl != null) {
                run(dir, openssl.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-keyout", dir.resolve("test-ca.key").toString(), "-out", pem.toString(),
                        "-days", "2", "-subj", "/CN=zeroimage test CA");
                return pem;
            }
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            if (Files.isExecutable(keytool)) {
                Path store = dir.resolve("test-ca.p12");
                run(dir, keytool.toString(), "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=zeroimage test CA", "-validity", "2", "-ext", "bc:c",
                        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
                run(dir, keytool.toString(), "-exportcert", "-rfc", "-alias", "ca", "-keystore", store.toString(),
                        "-storepass", "changeit", "-file", pem.toString());
                return pem;
            }
            return null;
        }

        static void skipOrFail() {
            String message = "neither openssl (Debian package openssl) nor the JDK's keytool is available";
            if ("true".equalsIgnoreCase(System.getProperty("zeroimage.ci"))) {
                fail(message + ": CI must install openssl");
            }
            org.junit.jupiter.api.Assumptions.abort("Skipped: " + message);
        }

        private static Path onPath(String tool) {
            String path = System.getenv("PATH");
            if (path == null) {
                return null;
            }
            for (String directory : path.split(File.pathSeparator)) {
                Path candidate = Path.of(directory, tool);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
            return null;
        }

        private static void run(Path dir, String... command) throws Exception {
            Path log = Files.createTempFile(dir, "tool", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                fail(String.join(" ", command) + " failed with exit code " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
        }
    }
}
