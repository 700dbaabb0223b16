// push-secrets-under-x: a login-enforcing front in this JVM before a plain docker-registry, with a 1 MiB body
// limit: a request declaring a larger body gets 413 at once and the connection is closed with the body unread
// (as nginx's client_max_body_size does). mode 'basic' wants `Authorization: Basic base64(user:password)`;
// mode 'bearer' wants `Bearer <token>`, handed out by its own /token endpoint to that Basic login.
// Everything else is forwarded to the registry (one request per connection). Returns a factory:
//   def front = evaluate(new File(basedir, 'front.groovy'))(mode, port, upstreamPort, user, password, token)
// The front stops by itself after 15 minutes. Nothing here prints a secret.
import java.nio.charset.StandardCharsets
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

return { String mode, int port, int upstreamPort, String user, String password, String token ->
    int limit = 1024 * 1024
    String basic = 'Basic ' + "${user}:${password}".getBytes(StandardCharsets.UTF_8).encodeBase64().toString()
    def server = new ServerSocket(port, 50, InetAddress.getByName('127.0.0.1'))
    def counts = new ConcurrentHashMap<String, AtomicInteger>()
    def count = { String key -> counts.computeIfAbsent(key) { new AtomicInteger() }.incrementAndGet() }
    long stopAt = System.currentTimeMillis() + 15 * 60 * 1000

    def readHead = { InputStream input ->
        def head = new ByteArrayOutputStream()
        int matched = 0
        int b
        // A TLS ClientHello (zeroimage's https probe of an insecure registry) gets the connection closed at
        // once, as a plain-HTTP registry answers it; waiting for a CRLF that never comes stalled each push
        // for the socket timeout.
        input.mark(1)
        if (input.read() == 0x16) return ''
        input.reset()
        while (matched < 4 && (b = input.read()) >= 0) {
            head.write(b)
            matched = (b == 13 || b == 10) ? matched + 1 : 0
            if (head.size() > 65536) break
        }
        head.toString('ISO-8859-1')
    }
    def answer = { OutputStream out, int status, String headers, String body ->
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8)
        out.write(("HTTP/1.1 ${status} Status\r\n${headers}Content-Length: ${bytes.length}\r\nConnection: close\r\n\r\n")
                .getBytes('ISO-8859-1'))
        out.write(bytes)
        out.flush()
    }
    def serve = { Socket socket ->
        socket.withCloseable {
            socket.soTimeout = 60000
            InputStream input = new BufferedInputStream(socket.inputStream)
            OutputStream out = socket.outputStream
            String head = readHead(input)
            List lines = head.split('\r\n') as List
            if (!lines || lines[0].split(' ').length < 3) return
            def (String method, String target) = lines[0].split(' ')
            Map headers = [:]
            lines.drop(1).each { String line ->
                int colon = line.indexOf(':')
                if (colon > 0) headers[line.substring(0, colon).trim().toLowerCase()] = line.substring(colon + 1).trim()
            }
            String auth = headers['authorization']
            if (mode == 'bearer' && target.startsWith('/token')) {
                count('token')
                if (auth == basic) answer(out, 200, 'Content-Type: application/json\r\n', "{\"token\":\"${token}\",\"expires_in\":300}")
                else answer(out, 401, 'WWW-Authenticate: Basic realm="it-token"\r\n', '')
                return
            }
            String wanted = mode == 'bearer' ? "Bearer ${token}" : basic
            if (auth != wanted) {
                count('401')
                String challenge = mode == 'bearer' ? "Bearer realm=\"http://127.0.0.1:${port}/token\",service=\"it\""
                        : 'Basic realm="it"'
                answer(out, 401, "WWW-Authenticate: ${challenge}\r\n", '')
                return
            }
            long length = (headers['content-length'] ?: '0') as long
            if (length > limit) {
                count('413')
                answer(out, 413, '', '')
                return          // closed with the body unread
            }
            count(method)
            byte[] body = input.readNBytes((int) length)
            new Socket(InetAddress.getByName('127.0.0.1'), upstreamPort).withCloseable { Socket up ->
                up.soTimeout = 60000
                StringBuilder request = new StringBuilder("${method} ${target} HTTP/1.1\r\n")
                headers.each { k, v -> if (!(k in ['connection', 'content-length', 'authorization', 'keep-alive'])) request << "${k}: ${v}\r\n" }
                if (length > 0 || headers.containsKey('content-length')) request << "content-length: ${body.length}\r\n"
                request << 'connection: close\r\n\r\n'
                up.outputStream.write(request.toString().getBytes('ISO-8859-1'))
                up.outputStream.write(body)
                up.outputStream.flush()
                up.inputStream.transferTo(out)
                out.flush()
            }
        }
    }
    Thread.startDaemon("it-front-${port}") {
        while (!server.closed && System.currentTimeMillis() < stopAt) {
            try {
                Socket socket = server.accept()
                Thread.startDaemon("it-front-${port}-conn") {
                    try { serve(socket) } catch (Exception ignored) { /* the client went away */ }
                }
            } catch (IOException e) {
                break
            }
        }
        try { server.close() } catch (IOException ignored) { }
    }
    [close: { server.close() }, counts: counts]
}
