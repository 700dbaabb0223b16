package dev.zeroimage.testing;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.File;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real OCI registry (Debian's {@code docker-registry}, CNCF distribution 2.8) on a loopback port,
 * for integration tests. Three set-ups:
 * <ul>
 * <li>{@link #plainHttp}: {@code http://127.0.0.1:PORT}, no authentication;</li>
 * <li>{@link #tlsWithBasicAuth}: https (HTTP/2) with a self-signed certificate for IP 127.0.0.1 and
 * DNS localhost, htpasswd (bcrypt) Basic authentication;</li>
 * <li>{@link #tokenAuth}: http with Bearer token authentication against an in-process
 * {@link TokenServer}.</li>
 * </ul>
 * Everything lives in {@code workDir}: {@code config.yml}, {@code data/} (storage),
 * {@code registry.log} (stdout and stderr of the registry, including the access log that
 * {@link #requests()} parses), certificates, {@code htpasswd}. {@link #close()} kills the process;
 * a JVM shutdown hook kills any registry left open.
 */
public final class TestRegistry implements AutoCloseable {
    /** Password of {@link #trustStore()}. */
    public static final String TRUST_STORE_PASSWORD = "changeit";
    /** Realm of the htpasswd (Basic) authentication. */
    public static final String BASIC_REALM = "basic-realm";

    private static final Duration START_DEADLINE = Duration.ofSeconds(10);
    private static final Duration SKOPEO_TIMEOUT = Duration.ofSeconds(120);
    private static final int START_ATTEMPTS = 3;
    private static final String SYNC_PARAMETER = "zeroimage-log-sync";
    /** Apache combined log format, as gorilla/handlers writes it for distribution's access log. */
    private static final Pattern ACCESS_LINE = Pattern.compile(
            "^\\S+ \\S+ \\S+ \\[[^\\]]*\\] \"(\\S+) (\\S+) HTTP/[0-9.]+\" (\\d{3}) (?:\\d+|-).*$");

    /** Chooses the registry's port; replaceable by tests of the bind-failure retry. */
    static volatile IntSupplier portChooser = TestRegistry::freePort;

    private static final Set<TestRegistry> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean SHUTDOWN_HOOK = new AtomicBoolean();

    private final Path workDir;
    private final boolean tls;
    private final Path caCertificatePem;
    private final Path trustStore;
    private final Path skopeoCertDir;
    private final Path htpasswd;
    private final String user;
    private final String password;
    private final TokenServer tokenServer;
    private final Path configFile;
    private final Path logFile;
    private final SSLContext sslContext;
    private final HttpClient http;
    private final String syncNonce = UUID.randomUUID().toString();
    private final AtomicLong syncCounter = new AtomicLong();
    private final Object lock = new Object();

    private volatile Process process;
    private volatile int port;
    private long logOffset;
    private boolean closed;

    private TestRegistry(Path workDir, boolean tls, Path caCertificatePem, Path trustStore, Path skopeoCertDir,
                         Path htpasswd, String user, String password, TokenServer tokenServer) throws Exception {
        this.workDir = workDir;
        this.tls = tls;
        this.caCertificatePem = caCertificatePem;
        this.trustStore = trustStore;
        this.skopeoCertDir = skopeoCertDir;
        this.htpasswd = htpasswd;
        this.user = user;
        this.password = password;
        this.tokenServer = tokenServer;
        this.configFile = workDir.resolve("config.yml");
        this.logFile = workDir.resolve("registry.log");
        this.sslContext = tls ? sslContext(trustStore) : null;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (tls) {
            builder.sslContext(sslContext);
        } else {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        this.http = builder.build();
    }

    /** A registry on {@code http://127.0.0.1:PORT} without authentication. */
    public static TestRegistry plainHttp(Path workDir) throws Exception {
        ExternalTools.require("docker-registry");
        Files.createDirectories(workDir);
        return launch(new TestRegistry(workDir, false, null, null, null, null, null, null, null));
    }

    /**
     * A registry on {@code https://127.0.0.1:PORT} with a self-signed certificate (made with openssl,
     * for IP:127.0.0.1 and DNS:localhost) and htpasswd Basic authentication of {@code user}.
     */
    public static TestRegistry tlsWithBasicAuth(Path workDir, String user, String password) throws Exception {
        ExternalTools.require("docker-registry");
        ExternalTools.require("openssl");
        ExternalTools.require("htpasswd");
        Files.createDirectories(workDir);
        Path key = workDir.resolve("domain.key");
        Path cert = workDir.resolve("domain.crt");
        TokenServer.openssl(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"));
        Path certDir = Files.createDirectories(workDir.resolve("skopeo-certs"));
        Files.copy(cert, certDir.resolve("ca.crt"));
        Path trustStore = workDir.resolve("truststore.p12");
        writeTrustStore(cert, trustStore);

        Path htpasswd = workDir.resolve("htpasswd");
        ExternalTools.ProcessResult result = ExternalTools.run(Duration.ofSeconds(30),
                List.of("htpasswd", "-Bbn", user, password));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("htpasswd failed: " + result.output());
        }
        // stdout is "user:$2y$...\n\n"; keep only the entry line.
        String entry = result.output().lines().filter(l -> l.startsWith(user + ":")).findFirst()
                .orElseThrow(() -> new IllegalStateException("unexpected htpasswd output: " + result.output()));
        Files.writeString(htpasswd, entry + "\n");
        return launch(new TestRegistry(workDir, true, cert, trustStore, certDir, htpasswd, user, password, null));
    }

    /**
     * A registry on {@code http://127.0.0.1:PORT} whose {@code auth.token} realm is an in-process
     * {@link TokenServer} on another loopback port. {@code users} maps user names to passwords; the
     * default credentials of the skopeo helpers are the first entry in the map's iteration order (use
     * a single-entry or ordered map). Authenticated users may push and pull everything; anonymous
     * clients may pull when {@code anonymousPull}.
     */
    public static TestRegistry tokenAuth(Path workDir, Map<String, String> users, boolean anonymousPull)
            throws Exception {
        ExternalTools.require("docker-registry");
        ExternalTools.require("openssl");
        Files.createDirectories(workDir);
        Map<String, String> ordered = new LinkedHashMap<>(users == null ? Map.of() : users);
        TokenServer tokenServer = TokenServer.start(workDir, ordered, anonymousPull);
        try {
            Map.Entry<String, String> first = ordered.isEmpty() ? null : ordered.entrySet().iterator().next();
            return launch(new TestRegistry(workDir, false, null, null, null, null,
                    first == null ? null : first.getKey(), first == null ? null : first.getValue(), tokenServer));
        } catch (Exception | Error e) {
            tokenServer.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- accessors

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} or {@code https://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return (tls ? "https://" : "http://") + host();
    }

    public boolean tls() {
        return tls;
    }

    /** The registry's self-signed certificate (PEM), or null unless {@link #tls()}. */
    public Path caCertificatePem() {
        return caCertificatePem;
    }

    /** PKCS12 trust store holding {@link #caCertificatePem()}, password {@value #TRUST_STORE_PASSWORD}; null unless tls. */
    public Path trustStore() {
        return trustStore;
    }

    /** A directory holding only {@code ca.crt}, for skopeo's {@code --cert-dir}; null unless tls. */
    public Path skopeoCertDir() {
        return skopeoCertDir;
    }

    /** An SSL context trusting the registry's certificate (null unless tls). */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** The default user of the skopeo helpers (null when no authentication is configured). */
    public String user() {
        return user;
    }

    /** The default user's password (null when no authentication is configured). */
    public String password() {
        return password;
    }

    /** The token server, or null unless {@link #tokenAuth}. */
    public TokenServer tokenServer() {
        return tokenServer;
    }

    public Path workDir() {
        return workDir;
    }

    /** The registry's stdout and stderr. */
    public Path logFile() {
        return logFile;
    }

    /** The whole content of {@link #logFile()} (for failure messages). */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    // ---------------------------------------------------------------- skopeo

    /**
     * skopeo flags for {@code direction} {@code "src"} or {@code "dest"} (or {@code ""} for commands
     * without a direction, such as {@code inspect}): {@code --dest-tls-verify=false} for plain http,
     * {@code --dest-cert-dir DIR} for tls, plus {@code --dest-creds user:password} when authentication
     * is configured.
     */
    public List<String> skopeoTlsArgs(String direction) {
        return skopeoTlsArgs(direction, user, password);
    }

    /** Like {@link #skopeoTlsArgs(String)} with explicit credentials; a null {@code user} adds none. */
    public List<String> skopeoTlsArgs(String direction, String user, String password) {
        String prefix;
        if (direction == null || direction.isEmpty()) {
            prefix = "--";
        } else if (direction.equals("src") || direction.equals("dest")) {
            prefix = "--" + direction + "-";
        } else {
            throw new IllegalArgumentException("direction must be \"src\", \"dest\" or \"\": " + direction);
        }
        List<String> args = new ArrayList<>();
        if (tls) {
            args.add(prefix + "cert-dir");
            args.add(skopeoCertDir.toString());
        } else {
            args.add(prefix + "tls-verify=false");
        }
        if (user != null) {
            args.add(prefix + "creds");
            args.add(user + ":" + (password == null ? "" : password));
        }
        return args;
    }

    /**
     * {@code skopeo copy --all SOURCE docker://HOST/DESTINATION} with the right flags and the default
     * credentials (for the source too when it is {@code docker://HOST/...}). No {@code --format}:
     * manifests are copied unchanged. Throws with skopeo's output on failure.
     */
    public void skopeoCopy(String source, String destinationRepoAndTag) throws Exception {
        skopeoCopy(source, destinationRepoAndTag, user, password);
    }

    /** {@link #skopeoCopy(String, String)} with explicit credentials (null {@code user}: anonymous). */
    public void skopeoCopy(String source, String destinationRepoAndTag, String user, String password)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("copy", "--all"));
        if (source.startsWith("docker://" + host() + "/")) {
            args.addAll(skopeoTlsArgs("src", user, password));
        }
        args.addAll(skopeoTlsArgs("dest", user, password));
        args.add(source);
        args.add(reference(destinationRepoAndTag));
        ExternalTools.ProcessResult result = skopeo(args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("skopeo " + String.join(" ", args) + " failed with exit code "
                    + result.exitCode() + ":\n" + result.output());
        }
    }

    /**
     * {@code skopeo inspect --raw docker://HOST/REPO:TAG} (or {@code REPO@DIGEST}) with the default
     * credentials: the manifest or index exactly as stored (skopeo's trailing newline removed).
     */
    public String skopeoInspectRaw(String repoAndTag) throws Exception {
        return skopeoInspectRaw(repoAndTag, user, password);
    }

    /** {@link #skopeoInspectRaw(String)} with explicit credentials (null {@code user}: anonymous). */
    public String skopeoInspectRaw(String repoAndTag, String user, String password) throws Exception {
        List<String> args = new ArrayList<>(List.of("inspect", "--raw"));
        args.addAll(skopeoTlsArgs("", user, password));
        args.add(reference(repoAndTag));
        ExternalTools.SeparateResult result = ExternalTools.runSeparately(SKOPEO_TIMEOUT, workDir,
                skopeoEnvironment(), skopeoCommand(args));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("skopeo " + String.join(" ", args) + " failed with exit code "
                    + result.exitCode() + ":\n" + result.stderr() + result.stdout());
        }
        String out = result.stdout();
        return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
    }

    /**
     * Runs {@code skopeo --insecure-policy ARGS} (no flags added) in the work directory with an
     * isolated auth file, and returns its exit code and combined output without throwing.
     */
    public ExternalTools.ProcessResult skopeo(List<String> args) throws Exception {
        ExternalTools.require("skopeo");
        return ExternalTools.run(SKOPEO_TIMEOUT, workDir, skopeoEnvironment(), skopeoCommand(args));
    }

    /** {@code docker://HOST/REPO:TAG}. */
    public String reference(String repoAndTag) {
        return "docker://" + host() + "/" + repoAndTag;
    }

    private List<String> skopeoCommand(List<String> args) {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(args);
        return command;
    }

    private Map<String, String> skopeoEnvironment() {
        // Keep the developer's credentials (~/.docker/config.json, auth.json) out of the tests.
        return Map.of("REGISTRY_AUTH_FILE", workDir.resolve("skopeo-auth.json").toString());
    }

    // ---------------------------------------------------------------- access log

    /**
     * The requests the registry has answered since start (or {@link #clearRequests()}), in the order
     * they completed, parsed from its access log. Probes made by this class are left out. Before
     * reading, a marker request is sent and awaited, so every request whose response the caller has
     * already received is included.
     */
    public List<AccessLogEntry> requests() {
        synchronized (lock) {
            sync();
            List<AccessLogEntry> entries = new ArrayList<>();
            for (String line : completeLines(logOffset)) {
                AccessLogEntry entry = parse(line);
                if (entry != null && !entry.path().contains(SYNC_PARAMETER)) {
                    entries.add(entry);
                }
            }
            return Collections.unmodifiableList(entries);
        }
    }

    /** Forgets the requests logged so far. */
    public void clearRequests() {
        synchronized (lock) {
            sync();
            logOffset = endOfLastCompleteLine();
        }
    }

    /** Parses one access-log line, or returns null if it is not one. */
    static AccessLogEntry parse(String line) {
        Matcher m = ACCESS_LINE.matcher(line);
        return m.matches() ? new AccessLogEntry(m.group(1), m.group(2), Integer.parseInt(m.group(3))) : null;
    }

    private void sync() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        String marker = SYNC_PARAMETER + "=" + syncNonce + "-" + syncCounter.incrementAndGet();
        try {
            http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v2/?" + marker))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : completeLines(logOffset)) {
                AccessLogEntry entry = parse(line);
                if (entry != null && entry.path().contains(marker)) {
                    return;
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<String> completeLines(long from) {
        byte[] bytes = readFrom(from);
        int end = lastNewline(bytes) + 1;
        if (end <= 0) {
            return List.of();
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8).lines().toList();
    }

    private long endOfLastCompleteLine() {
        byte[] bytes = readFrom(logOffset);
        return logOffset + lastNewline(bytes) + 1;
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private byte[] readFrom(long from) {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = file.length();
            if (length <= from) {
                return new byte[0];
            }
            byte[] bytes = new byte[Math.toIntExact(length - from)];
            file.seek(from);
            file.readFully(bytes);
            return bytes;
        } catch (IOException e) {
            return new byte[0];
        }
    }

    // ---------------------------------------------------------------- process

    private static TestRegistry launch(TestRegistry registry) throws Exception {
        try {
            registry.start();
            return registry;
        } catch (Exception | Error e) {
            registry.close();
            throw e;
        }
    }

    private void start() throws Exception {
        installShutdownHook();
        Files.createDirectories(workDir.resolve("data"));
        for (int attempt = 1; ; attempt++) {
            port = portChooser.getAsInt();
            Files.writeString(configFile, config(), StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder("docker-registry", "serve", configFile.toString())
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // distribution lets REGISTRY_* variables override the configuration file.
            builder.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_"));
            synchronized (lock) {
                if (closed) {
                    throw new IllegalStateException("closed");
                }
                logOffset = 0;
                process = builder.start();
                OPEN.add(this);
            }
            String failure = awaitReady();
            if (failure == null) {
                clearRequests();
                return;
            }
            stopProcess();
            String log = log();
            if (attempt < START_ATTEMPTS && log.contains("address already in use")) {
                continue;
            }
            throw new IllegalStateException("docker-registry did not start on " + host() + " (attempt "
                    + attempt + "): " + failure + "\nconfig " + configFile + ":\n" + Files.readString(configFile)
                    + "\nlog " + logFile + ":\n" + log);
        }
    }

    /** Null once {@code GET /v2/} answers 200 or 401, else why not. */
    private String awaitReady() {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return "the process exited with code " + process.exitValue();
            }
            CompletableFuture<HttpResponse<Void>> probe = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/v2/")).timeout(Duration.ofSeconds(1)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            try {
                // Poll, so that a process dying meanwhile (port taken by another listener) is noticed at once.
                HttpResponse<Void> response = null;
                while (response == null && process.isAlive()) {
                    try {
                        response = probe.get(20, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException stillWaiting) {
                        // keep polling
                    }
                }
                if (response == null) {
                    probe.cancel(true);
                    continue;
                }
                if (response.statusCode() == 200 || response.statusCode() == 401) {
                    return null;
                }
                last = "GET /v2/ answered " + response.statusCode();
            } catch (ExecutionException e) {
                last = "GET /v2/: " + e.getCause();
            } catch (InterruptedException e) {
                probe.cancel(true);
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return "not ready within " + START_DEADLINE.toSeconds() + " s (" + last + ")";
    }

    private String config() {
        StringBuilder y = new StringBuilder();
        y.append("version: 0.1\n");
        y.append("log:\n  level: info\n  formatter: text\n  accesslog:\n    disabled: false\n");
        y.append("storage:\n");
        y.append("  filesystem:\n    rootdirectory: ").append(quote(workDir.resolve("data").toString())).append('\n');
        y.append("  delete:\n    enabled: true\n");
        y.append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
        y.append("http:\n  addr: ").append(quote(host())).append('\n');
        y.append("  secret: zeroimage-test-registry-secret\n");
        if (tls) {
            y.append("  tls:\n    certificate: ").append(quote(caCertificatePem.toString())).append('\n');
            y.append("    key: ").append(quote(workDir.resolve("domain.key").toString())).append('\n');
        }
        if (htpasswd != null) {
            y.append("auth:\n  htpasswd:\n    realm: ").append(BASIC_REALM).append('\n');
            y.append("    path: ").append(quote(htpasswd.toString())).append('\n');
        } else if (tokenServer != null) {
            y.append("auth:\n  token:\n    realm: ").append(quote(tokenServer.realm())).append('\n');
            y.append("    service: ").append(quote(tokenServer.service())).append('\n');
            y.append("    issuer: ").append(quote(tokenServer.issuer())).append('\n');
            y.append("    rootcertbundle: ").append(quote(tokenServer.certificatePem().toString())).append('\n');
        }
        return y.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stopProcess() {
        Process p;
        synchronized (lock) {
            p = process;
        }
        if (p != null && p.isAlive()) {
            ExternalTools.kill(p, Duration.ofSeconds(5));
        }
    }

    /** Stops the registry (SIGTERM, SIGKILL after 5 s, waits for it) and the token server. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        try {
            stopProcess();
        } finally {
            OPEN.remove(this);
            if (tokenServer != null) {
                tokenServer.close();
            }
        }
    }

    @Override
    public String toString() {
        return "TestRegistry[" + baseUrl() + (htpasswd != null ? ", basic auth" : "")
                + (tokenServer != null ? ", token auth " + tokenServer.realm() : "") + ", " + workDir + "]";
    }

    private static void installShutdownHook() {
        if (SHUTDOWN_HOOK.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (TestRegistry registry : List.copyOf(OPEN)) {
                    Process p = registry.process;
                    if (p != null) {
                        p.destroyForcibly();
                    }
                    if (registry.tokenServer != null) {
                        registry.tokenServer.close();
                    }
                }
            }, "TestRegistry shutdown"));
        }
    }

    private static void writeTrustStore(Path certificatePem, Path trustStore) throws Exception {
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(certificatePem)) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        // The same as keytool -importcert -noprompt -storetype PKCS12 -alias test-registry.
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("test-registry", certificate);
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            store.store(out, TRUST_STORE_PASSWORD.toCharArray());
        }
    }

    private static SSLContext sslContext(Path trustStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            store.load(in, TRUST_STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
