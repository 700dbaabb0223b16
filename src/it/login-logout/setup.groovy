// login-logout, before the invocations: starts docker-registry on https://127.0.0.1:15442 with a
// self-signed certificate (IP SAN 127.0.0.1) and an htpasswd (bcrypt) login, so that zeroimage:login has a
// real check to pass or fail, and seeds docker-config/config.json (the build's DOCKER_CONFIG) with keys
// that login and logout must keep: proxies, another registry's login, credHelpers for another host.
// Everything lives in registry/ and docker-config/ (target/ is cleaned); verify.groovy stops the registry.
// Nothing here prints the password: hook output goes to build.log, which must never contain it.
import groovy.json.JsonOutput
import java.nio.file.Files
import java.nio.file.StandardCopyOption
import java.nio.file.attribute.PosixFilePermissions
import java.security.KeyStore
import java.security.cert.CertificateFactory
import java.util.concurrent.TimeUnit
import javax.net.ssl.HttpsURLConnection
import javax.net.ssl.SSLContext
import javax.net.ssl.TrustManagerFactory

def itName = 'login-logout'
int port = 15442
String user = 'alice'
String password = 'Login-Pa55-for-alice'        // also in invoker.properties and verify*.groovy

// run(cmd, [dir: File, timeout: seconds]) -> [exitCode (-1 on timeout), stdout+stderr]
def run = { List cmd, Map opts = [:] ->
    def pb = new ProcessBuilder(cmd.collect { it.toString() }).redirectErrorStream(true)
    if (opts.dir) pb.directory(opts.dir as File)
    def p = pb.start()
    p.outputStream.close()
    def buf = new ByteArrayOutputStream()
    def pump = Thread.start { buf << p.inputStream }
    long timeout = (opts.timeout ?: 120) as long
    boolean done = p.waitFor(timeout, TimeUnit.SECONDS)
    if (!done) { p.destroyForcibly(); p.waitFor(10, TimeUnit.SECONDS) }
    pump.join(10000)
    [done ? p.exitValue() : -1, buf.toString('UTF-8') + (done ? '' : "\n[timed out after ${timeout}s]")]
}

File regDir = new File(basedir, 'registry')
File certDir = new File(regDir, 'certs')
File cert = new File(certDir, 'ca.crt')
File key = new File(regDir, 'domain.key')
File htpasswd = new File(regDir, 'htpasswd')
File config = new File(regDir, 'config.yml')
File pidFile = new File(regDir, 'registry.pid')
File accessLog = new File(regDir, 'access.log')
File registryLog = new File(regDir, 'registry.log')

// ---- a registry left running by a crashed earlier run (pid file, or any docker-registry serving this config) ----
def servesOurConfig = { long pid ->
    File cmdline = new File("/proc/${pid}/cmdline")
    if (!cmdline.isFile()) return false
    List args
    try { args = new String(cmdline.bytes, 'UTF-8').split('\u0000') as List } catch (IOException e) { return false }
    args && args[0].endsWith('docker-registry') && args.contains(config.absolutePath)
}
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

// ---- fresh registry files ----
new File(regDir, 'data').deleteDir()
certDir.mkdirs()
[accessLog, registryLog].each { it.text = '' }
def (int sslRc, String sslOut) = run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes',
        '-keyout', key.absolutePath, '-out', cert.absolutePath, '-days', '2', '-subj', '/CN=localhost',
        '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'])
assert sslRc == 0: "${itName}: openssl failed:\n${sslOut}"
def (int htRc, String htOut) = run(['htpasswd', '-Bbn', user, password])
if (htRc != 0) throw new IllegalStateException("${itName}: htpasswd failed (exit ${htRc})")
htpasswd.text = htOut.trim() + '\n'
config.text = """\
version: 0.1
log:
  level: info
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: ${new File(regDir, 'data').absolutePath}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${port}
  tls:
    certificate: ${cert.absolutePath}
    key: ${key.absolutePath}
auth:
  htpasswd:
    realm: basic-realm
    path: ${htpasswd.absolutePath}
"""

// ---- the Docker config the build uses (DOCKER_CONFIG): keys zeroimage must keep, mode 0644 ----
File dockerConfigDir = new File(basedir, 'docker-config')
dockerConfigDir.deleteDir()
dockerConfigDir.mkdirs()
File dockerConfig = new File(dockerConfigDir, 'config.json')
dockerConfig.text = JsonOutput.prettyPrint(JsonOutput.toJson([
        proxies    : [default: [httpProxy: 'http://proxy.example:3128', noProxy: '127.0.0.1,localhost']],
        auths      : ['other.example': [auth: 'bob:other-secret'.bytes.encodeBase64().toString()]],
        credHelpers: ['helper.example': 'zeroimage-it-no-such-helper'],
        psFormat   : 'table {{.ID}}\t{{.Image}}'])) + '\n'
Files.setPosixFilePermissions(dockerConfig.toPath(), PosixFilePermissions.fromString('rw-r--r--'))
// the seed, for verify.N.groovy to compare with
Files.copy(dockerConfig.toPath(), new File(regDir, 'config.json.seed').toPath(), StandardCopyOption.REPLACE_EXISTING)
regDir.eachFileMatch(~/checked-\d+/) { it.delete() }

// ---- start the registry and wait (at most 10 s) until /v2/ answers over TLS with our certificate ----
def pb = new ProcessBuilder('docker-registry', 'serve', config.absolutePath).directory(regDir)
pb.redirectInput(ProcessBuilder.Redirect.from(new File('/dev/null')))
pb.redirectOutput(ProcessBuilder.Redirect.appendTo(accessLog))     // access log lines
pb.redirectError(ProcessBuilder.Redirect.appendTo(registryLog))
Process registry = pb.start()
pidFile.text = "${registry.pid()}\n"

KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType())
trust.load(null, null)
cert.withInputStream { trust.setCertificateEntry('it-registry', CertificateFactory.getInstance('X.509').generateCertificate(it)) }
TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())
tmf.init(trust)
SSLContext ssl = SSLContext.getInstance('TLS')
ssl.init(null, tmf.trustManagers, null)

long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
String lastError = ''
while (true) {
    if (!registry.alive) {
        throw new IllegalStateException("${itName}: docker-registry exited with ${registry.exitValue()}:\n${registryLog.text}")
    }
    try {
        def conn = (HttpsURLConnection) new URL("https://127.0.0.1:${port}/v2/").openConnection()
        conn.SSLSocketFactory = ssl.socketFactory
        conn.connectTimeout = 1000
        conn.readTimeout = 1000
        int code = conn.responseCode
        conn.disconnect()
        if (code == 401) break      // up, and asking for the login
        lastError = "HTTP ${code} (expected 401: the registry must require a login)"
    } catch (IOException e) {
        lastError = e.toString()
    }
    if (System.nanoTime() > deadline) {
        stopProcess(registry.pid())
        throw new IllegalStateException("${itName}: the registry did not answer on https://127.0.0.1:${port}/v2/ within 10 s: ${lastError}\n${registryLog.text}")
    }
    sleep 100
}
println "${itName}: registry running on https://127.0.0.1:${port} (pid ${registry.pid()})"
return true
