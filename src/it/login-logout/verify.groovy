// login-logout, at the end (also when an invocation failed): every per-invocation check ran; config.json
// still has the seeded proxies, the other registry's login and credHelpers, no entry for the registry,
// and mode 0600; the image pushed with the stored login is in the registry (skopeo, with the login);
// build.log never shows a password. Always stops the registry that setup.groovy started.
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.TimeUnit

def itName = 'login-logout'
String host = '127.0.0.1:15442'
String ref = "${host}/demo/login:1"
String user = 'alice'
String password = 'Login-Pa55-for-alice'       // as in invoker.properties and setup.groovy
String wrongPassword = 'not-alices-password'   // as in invoker.properties

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
def stopRegistry = {
    File pidFile = new File(regDir, 'registry.pid')
    if (!pidFile.isFile() || !(pidFile.text.trim() ==~ /\d+/)) return
    long pid = pidFile.text.trim() as long
    File cmdline = new File("/proc/${pid}/cmdline")
    if (cmdline.isFile() && new String(cmdline.bytes, 'UTF-8').contains('docker-registry')) {
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
    pidFile.delete()
}

try {
    def missing = (1..5).findAll { !new File(regDir, "checked-${it}").isFile() }
    assert !missing: "${itName}: the checks after invocation(s) ${missing} did not run (see the failures above)"

    String log = new File(basedir, 'build.log').getText('UTF-8')
    [(password): 'the password', (wrongPassword): 'the wrong password',
     ("${user}:${password}".bytes.encodeBase64().toString()): "the base64 of ${user}:<password>"].each { String secret, String what ->
        def lines = log.readLines().findIndexValues { it.contains(secret) }.collect { it + 1 }
        if (lines) throw new AssertionError("${itName}: build.log contains ${what} on line(s) ${lines}")
    }

    File dockerConfig = new File(basedir, 'docker-config/config.json')
    def config = new JsonSlurper().parse(dockerConfig)
    def seed = new JsonSlurper().parse(new File(regDir, 'config.json.seed'))
    assert config.proxies == seed.proxies: "${itName}: proxies changed: ${config.proxies}"
    assert config.auths?.get('other.example') == seed.auths['other.example']: "${itName}: the other.example login changed"
    assert config.credHelpers == seed.credHelpers: "${itName}: credHelpers changed: ${config.credHelpers}"
    assert !config.auths?.keySet()?.any { it.contains(host) }: "${itName}: a login for ${host} is left: ${config.auths?.keySet()}"
    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(dockerConfig.toPath()))
    assert mode == 'rw-------': "${itName}: ${dockerConfig} has mode ${mode}"
    // the user's own Docker config was never the one written
    File home = new File(System.getProperty('user.home'), '.docker/config.json')
    assert !home.isFile() || !home.text.contains(host): "${itName}: ${home} mentions ${host}"

    // the pushed image is there, under the login, with the digest the build reported
    String digest = new File(basedir, 'target/zeroimage/image-digest').getText('UTF-8').trim()
    def (int rc, String out) = run(['skopeo', 'inspect', '--cert-dir', new File(regDir, 'certs').absolutePath,
            '--creds', "${user}:${password}", "docker://${ref}"])
    assert rc == 0: "${itName}: skopeo inspect docker://${ref} failed:\n${out}"
    String registryDigest = new JsonSlurper().parseText(out).Digest
    assert registryDigest == digest: "${itName}: registry digest ${registryDigest} != image-digest ${digest}"
    return true
} finally {
    stopRegistry()
}
