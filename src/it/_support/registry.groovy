// Shared by the registry ITs (push-tls-settings, push-tags-insecure, login-logout): a docker-registry on
// 127.0.0.1:<port> whose files all live in regDir: config.yml, registry.pid, access.log (its stdout: the
// access log lines), registry.log (its stderr), data/ (storage), and with a login certs/ca.crt, domain.key
// and htpasswd. Returns a factory:
//
//   def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, regDir, port[, [user: u, password: p]])
//
// With a login the registry serves TLS (self-signed certificate, IP SAN 127.0.0.1) and requires that
// htpasswd (bcrypt) login; without one it is plain HTTP and anonymous. Every message starts with
// "<itName>: ". Nothing here prints the password: hook output goes to build.log, which must never contain it.
import groovy.json.JsonSlurper
import java.security.KeyStore
import java.security.cert.CertificateFactory
import java.util.concurrent.TimeUnit
import javax.net.ssl.HttpsURLConnection
import javax.net.ssl.SSLContext
import javax.net.ssl.TrustManagerFactory

def run = evaluate(new File(itSupport, 'run.groovy'))

// stops a process: politely, then (after 5 s) by force
def stopProcess = { long pid ->
    ProcessHandle.of(pid).ifPresent { ProcessHandle ph ->
        ph.destroy()
        try {
            ph.onExit().get(5, TimeUnit.SECONDS)
        } catch (Exception e) {
            ph.destroyForcibly()
            ph.onExit().get(5, TimeUnit.SECONDS)
        }
    }
}

return { String itName, File regDir, int port, Map login = null ->
    boolean tls = login != null
    String scheme = tls ? 'https' : 'http'
    File certDir = new File(regDir, 'certs')
    File cert = new File(certDir, 'ca.crt')
    File key = new File(regDir, 'domain.key')
    File htpasswd = new File(regDir, 'htpasswd')
    File config = new File(regDir, 'config.yml')
    File pidFile = new File(regDir, 'registry.pid')
    File accessLog = new File(regDir, 'access.log')
    File registryLog = new File(regDir, 'registry.log')
    File dataDir = new File(regDir, 'data')

    // true when pid is a docker-registry serving this config.yml
    def servesOurConfig = { long pid ->
        File cmdline = new File("/proc/${pid}/cmdline")
        if (!cmdline.isFile()) return false
        List args
        try { args = new String(cmdline.bytes, 'UTF-8').split('\u0000') as List } catch (IOException e) { return false }
        args && args[0].endsWith('docker-registry') && args.contains(config.absolutePath)
    }

    def helpers = [:]

    // setup: stops a registry left running by a crashed earlier run (the pid file's, or any docker-registry
    // serving this config.yml), then fails if another program holds the port
    helpers.stopLeftover = {
        Set<Long> candidates = new TreeSet<>()
        if (pidFile.isFile() && pidFile.text.trim() ==~ /\d+/) candidates << (pidFile.text.trim() as long)
        new File('/proc').eachFile { f -> if (f.name ==~ /\d+/) candidates << (f.name as long) }
        candidates.findAll { servesOurConfig(it) }.each { long pid ->
            println "${itName}: stopping the registry left by an earlier run (pid ${pid})"
            stopProcess(pid)
        }
        pidFile.delete()
        try {
            new ServerSocket(port, 1, InetAddress.getByName('127.0.0.1')).close()
        } catch (IOException e) {
            throw new IllegalStateException("${itName}: 127.0.0.1:${port} is in use by another program; this IT needs it (${e.message})")
        }
    }

    // setup: fresh registry files: empty storage and logs; with a login a new certificate and htpasswd; config.yml
    helpers.writeConfig = {
        dataDir.deleteDir()
        (tls ? certDir : regDir).mkdirs()
        [accessLog, registryLog].each { it.text = '' }
        if (tls) {
            def (int sslRc, String sslOut) = run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes',
                    '-keyout', key.absolutePath, '-out', cert.absolutePath, '-days', '2', '-subj', '/CN=localhost',
                    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'])
            assert sslRc == 0: "${itName}: openssl failed:\n${sslOut}"
            def (int htRc, String htOut) = run(['htpasswd', '-Bbn', login.user, login.password])
            if (htRc != 0) throw new IllegalStateException("${itName}: htpasswd failed (exit ${htRc})")
            htpasswd.text = htOut.trim() + '\n'
        }
        String yml = """\
version: 0.1
log:
  level: info
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: ${dataDir.absolutePath}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${port}
"""
        if (tls) {
            yml += """\
  tls:
    certificate: ${cert.absolutePath}
    key: ${key.absolutePath}
auth:
  htpasswd:
    realm: basic-realm
    path: ${htpasswd.absolutePath}
"""
        }
        config.text = yml
    }

    // setup: starts `docker-registry serve config.yml`, records its pid in registry.pid and waits (at most 10 s)
    // until /v2/ answers: 200, or with a login 401 (asking for it) over TLS with certs/ca.crt trusted
    helpers.start = {
        def pb = new ProcessBuilder('docker-registry', 'serve', config.absolutePath).directory(regDir)
        pb.redirectInput(ProcessBuilder.Redirect.from(new File('/dev/null')))
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(accessLog))     // access log lines
        pb.redirectError(ProcessBuilder.Redirect.appendTo(registryLog))
        Process registry = pb.start()
        pidFile.text = "${registry.pid()}\n"

        SSLContext ssl = null
        if (tls) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType())
            trust.load(null, null)
            cert.withInputStream { trust.setCertificateEntry('it-registry', CertificateFactory.getInstance('X.509').generateCertificate(it)) }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())
            tmf.init(trust)
            ssl = SSLContext.getInstance('TLS')
            ssl.init(null, tmf.trustManagers, null)
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
        String lastError = ''
        while (true) {
            if (!registry.alive) {
                throw new IllegalStateException("${itName}: docker-registry exited with ${registry.exitValue()}:\n${registryLog.text}")
            }
            try {
                def conn = (HttpURLConnection) new URL("${scheme}://127.0.0.1:${port}/v2/").openConnection()
                if (tls) ((HttpsURLConnection) conn).SSLSocketFactory = ssl.socketFactory
                conn.connectTimeout = 1000
                conn.readTimeout = 1000
                int code = conn.responseCode
                conn.disconnect()
                if (code == (tls ? 401 : 200)) break      // up (and with a login, asking for it)
                lastError = tls ? "HTTP ${code} (expected 401: the registry must require a login)" : "HTTP ${code}"
            } catch (IOException e) {
                lastError = e.toString()
            }
            if (System.nanoTime() > deadline) {
                stopProcess(registry.pid())
                throw new IllegalStateException("${itName}: the registry did not answer on ${scheme}://127.0.0.1:${port}/v2/ within 10 s: ${lastError}\n${registryLog.text}")
            }
            sleep 100
        }
        println "${itName}: registry running on ${scheme}://127.0.0.1:${port} (pid ${registry.pid()})"
        registry
    }

    // verify (in a finally): stops the registry named in registry.pid, if that is a docker-registry, and deletes the file
    helpers.stop = {
        if (!pidFile.isFile() || !(pidFile.text.trim() ==~ /\d+/)) return
        long pid = pidFile.text.trim() as long
        File cmdline = new File("/proc/${pid}/cmdline")
        if (cmdline.isFile() && new String(cmdline.bytes, 'UTF-8').contains('docker-registry')) {
            stopProcess(pid)
        }
        pidFile.delete()
    }

    // verify: skopeo(command, ref[, options]) -> [exitCode, output] of
    // `skopeo <command> <TLS flags> <options> docker://<ref>`; the TLS flags are --cert-dir certs/ with a login,
    // else --tls-verify=false; options default to --creds user:password with a login, else none
    helpers.skopeo = { String command, String ref, List options = null ->
        List tlsFlags = tls ? ['--cert-dir', certDir.absolutePath] : ['--tls-verify=false']
        if (options == null) options = tls ? ['--creds', "${login.user}:${login.password}"] : []
        run(['skopeo', command] + tlsFlags + options + ["docker://${ref}"])
    }

    // verify: inspect(ref) -> the JSON of skopeo inspect (with the login, if any); fails when skopeo does
    helpers.inspect = { String ref ->
        def (int rc, String out) = helpers.skopeo('inspect', ref)
        assert rc == 0: "${itName}: skopeo inspect docker://${ref} failed:\n${out}"
        new JsonSlurper().parseText(out)
    }

    helpers
}
