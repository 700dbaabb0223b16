package dev.zeroimage.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Docker registry token server (the {@code auth.token} realm of distribution) on a loopback port,
 * running in-process on the JDK's {@link HttpServer}.
 *
 * <p>{@code GET /token?service=S&scope=repository:NAME:pull,push} (scope may repeat, or hold several
 * scopes separated by spaces), optionally with HTTP Basic credentials, answers
 * {@code {"token":J,"access_token":J,"expires_in":300,"issued_at":"..."}} where J is an RS256 JWT
 * whose header carries {@code x5c} (the signing certificate, which the registry trusts as
 * {@code rootcertbundle}). The OAuth2 form {@code POST /token} with {@code grant_type=password} is
 * accepted too. Grants: an authenticated user gets {@code pull}, {@code push}, {@code delete} and
 * {@code *} on every repository (and {@code *} on {@code registry:catalog}); an anonymous client
 * gets {@code pull} when {@code anonymousPull}, otherwise a token with an empty access list (so the
 * registry answers 401 again). Wrong or unknown credentials get 401. A user named in
 * {@link #restrictToPull} gets {@code pull} only.
 */
public final class TokenServer implements AutoCloseable {
    public static final String SERVICE = "test-registry";
    public static final String ISSUER = "test-issuer";
    public static final int EXPIRES_IN_SECONDS = 300;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> AUTHENTICATED_REPOSITORY_ACTIONS = Set.of("pull", "push", "delete", "*");

    private final Map<String, String> users;
    private final boolean anonymousPull;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final Path certificatePem;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicInteger issuedTokens = new AtomicInteger();
    private final AtomicInteger rejectedRequests = new AtomicInteger();
    private final List<String> requestedScopes = new CopyOnWriteArrayList<>();
    private final List<String> issuedTo = new CopyOnWriteArrayList<>();
    private final Set<String> pullOnlyUsers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();
    private final AtomicBoolean closed = new AtomicBoolean();

    private TokenServer(Map<String, String> users, boolean anonymousPull, PrivateKey key,
                        X509Certificate certificate, Path certificatePem) throws IOException {
        this.users = Map.copyOf(users);
        this.anonymousPull = anonymousPull;
        this.key = key;
        this.certificate = certificate;
        this.certificatePem = certificatePem;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "test-token-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/token", this::handle);
        server.start();
    }

    /**
     * Makes a signing key and self-signed certificate with openssl in {@code workDir}
     * ({@code token.key}, {@code token.crt}) and starts a token server on {@code 127.0.0.1:0}.
     *
     * @param users         user name to password; these users may authenticate
     * @param anonymousPull whether clients without credentials get {@code pull}
     */
    public static TokenServer start(Path workDir, Map<String, String> users, boolean anonymousPull) throws Exception {
        ExternalTools.require("openssl");
        Files.createDirectories(workDir);
        Path keyPem = workDir.resolve("token.key");
        Path certPem = workDir.resolve("token.crt");
        Path keyDer = workDir.resolve("token.pk8.der");
        openssl(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", keyPem.toString(), "-out", certPem.toString(), "-days", "2", "-subj", "/CN=token"));
        openssl(List.of("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", keyPem.toString(),
                "-outform", "DER", "-out", keyDer.toString()));
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(keyDer)));
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(certPem)) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        return new TokenServer(users == null ? Map.of() : users, anonymousPull, key, certificate, certPem);
    }

    static void openssl(List<String> command) throws Exception {
        ExternalTools.ProcessResult result = ExternalTools.run(Duration.ofSeconds(60), command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                    + result.exitCode() + ":\n" + result.output());
        }
    }

    /** {@code http://127.0.0.1:PORT/token}. */
    public String realm() {
        return "http://" + host() + "/token";
    }

    /** The service name the registry is configured with (its {@code aud}): {@value #SERVICE}. */
    public String service() {
        return SERVICE;
    }

    /** The issuer name ({@code iss}): {@value #ISSUER}. */
    public String issuer() {
        return ISSUER;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The PEM certificate whose key signs the tokens (the registry's {@code rootcertbundle}). */
    public Path certificatePem() {
        return certificatePem;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** How many tokens were issued (any grant, anonymous included). */
    public int issuedTokens() {
        return issuedTokens.get();
    }

    /** How many token requests were refused (401 for bad credentials, 400 for bad requests). */
    public int rejectedRequests() {
        return rejectedRequests.get();
    }

    /** Every scope requested, in order, as sent (e.g. {@code repository:demo/app:pull,push}). */
    public List<String> requestedScopes() {
        return List.copyOf(requestedScopes);
    }

    /** For each issued token, the subject: the user name, or {@code ""} for anonymous. */
    public List<String> tokenSubjects() {
        return List.copyOf(issuedTo);
    }

    /** From now on {@code user} (who must still authenticate) is granted only {@code pull}: a read-only account. */
    public void restrictToPull(String user) {
        pullOnlyUsers.add(user);
    }

    /** Resets the counters and recorded scopes. */
    public void reset() {
        issuedTokens.set(0);
        rejectedRequests.set(0);
        requestedScopes.clear();
        issuedTo.clear();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Map<String, List<String>> params;
            if ("GET".equals(method)) {
                params = parseForm(exchange.getRequestURI().getRawQuery());
            } else if ("POST".equals(method)) {
                params = parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            } else {
                exchange.getResponseHeaders().set("Allow", "GET, POST");
                reply(exchange, 405, Map.of("details", "method not allowed"));
                return;
            }
            String service = first(params, "service");
            if (service != null && !SERVICE.equals(service)) {
                rejectedRequests.incrementAndGet();
                reply(exchange, 400, Map.of("details", "unknown service " + service));
                return;
            }

            String user = null;
            String password = null;
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    decoded = "";
                }
                int colon = decoded.indexOf(':');
                user = colon < 0 ? decoded : decoded.substring(0, colon);
                password = colon < 0 ? "" : decoded.substring(colon + 1);
            } else if ("POST".equals(method)) {
                String grantType = first(params, "grant_type");
                if ("password".equals(grantType)) {
                    user = first(params, "username");
                    password = first(params, "password");
                } else if (grantType != null) {
                    rejectedRequests.incrementAndGet();
                    reply(exchange, 400, Map.of("error", "unsupported_grant_type"));
                    return;
                }
            }
            if (user != null && (!users.containsKey(user) || !users.get(user).equals(password))) {
                rejectedRequests.incrementAndGet();
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"test-token-server\"");
                reply(exchange, 401, Map.of("details", "incorrect username or password"));
                return;
            }

            List<Map<String, Object>> access = new ArrayList<>();
            for (String scopeParam : params.getOrDefault("scope", List.of())) {
                for (String scope : scopeParam.trim().split(" +")) {
                    if (scope.isEmpty()) {
                        continue;
                    }
                    requestedScopes.add(scope);
                    Map<String, Object> granted = grant(scope, user != null, user != null && pullOnlyUsers.contains(user));
                    if (granted != null) {
                        access.add(granted);
                    }
                }
            }
            String token = sign(user == null ? "" : user, access);
            issuedTokens.incrementAndGet();
            issuedTo.add(user == null ? "" : user);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token", token);
            body.put("access_token", token);
            body.put("expires_in", EXPIRES_IN_SECONDS);
            body.put("issued_at", Instant.now().toString());
            reply(exchange, 200, body);
        } catch (Exception e) {
            // Never leave the client hanging; the exchange is closed by try-with-resources.
            try {
                reply(exchange, 500, Map.of("details", String.valueOf(e)));
            } catch (Exception ignored) {
                // headers already sent
            }
        }
    }

    /** The access entry to grant for {@code type:name:actions}, or null for nothing. */
    private Map<String, Object> grant(String scope, boolean authenticated, boolean pullOnly) {
        int first = scope.indexOf(':');
        int last = scope.lastIndexOf(':');
        if (first < 0 || last == first) {
            return null;
        }
        String type = scope.substring(0, first);
        String name = scope.substring(first + 1, last);
        Set<String> requested = new LinkedHashSet<>(List.of(scope.substring(last + 1).split(",")));
        Set<String> allowed;
        if (type.equals("repository")) {
            allowed = authenticated && !pullOnly ? AUTHENTICATED_REPOSITORY_ACTIONS
                    : authenticated || anonymousPull ? Set.of("pull") : Set.of();
        } else if (type.equals("registry") && name.equals("catalog")) {
            allowed = authenticated ? Set.of("*") : Set.of();
        } else {
            allowed = Set.of();
        }
        requested.retainAll(allowed);
        if (requested.isEmpty()) {
            return null;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", type);
        entry.put("name", name);
        entry.put("actions", List.copyOf(requested));
        return entry;
    }

    private String sign(String subject, List<Map<String, Object>> access) throws Exception {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.put("x5c", List.of(Base64.getEncoder().encodeToString(certificate.getEncoded())));
        long now = Instant.now().getEpochSecond();
        byte[] jti = new byte[16];
        random.nextBytes(jti);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", subject);
        claims.put("aud", SERVICE);
        claims.put("exp", now + EXPIRES_IN_SECONDS);
        claims.put("nbf", now - 10);
        claims.put("iat", now);
        claims.put("jti", HexFormat.of().formatHex(jti));
        claims.put("access", access);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + b64.encodeToString(JSON.writeValueAsBytes(claims));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(signature.sign());
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, List<String>> parseForm(String raw) {
        Map<String, List<String>> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
