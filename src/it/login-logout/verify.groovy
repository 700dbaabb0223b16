// login-logout, at the end (also when an invocation failed): every per-invocation check ran; config.json
// still has the seeded proxies, the other registry's login and credHelpers, no entry for the registry,
// and mode 0600; the image pushed with the stored login is in the registry (skopeo, with the login);
// build.log never shows a password. Always stops the registry that setup.groovy started (_support/registry.groovy).
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

def itName = 'login-logout'
int port = 15442
String host = "127.0.0.1:${port}"
String ref = "${host}/demo/login:1"
String user = 'alice'
String password = 'Login-Pa55-for-alice'       // as in invoker.properties and setup.groovy
String wrongPassword = 'not-alices-password'   // as in invoker.properties

File regDir = new File(basedir, 'registry')
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, regDir, port, [user: user, password: password])
def logs = evaluate(new File(itSupport, 'logs.groovy'))

try {
    def missing = (1..5).findAll { !new File(regDir, "checked-${it}").isFile() }
    assert !missing: "${itName}: the checks after invocation(s) ${missing} did not run (see the failures above)"

    String log = new File(basedir, 'build.log').getText('UTF-8')
    logs.assertNoSecrets(itName, log, [
            (password)                                              : 'the password',
            (wrongPassword)                                         : 'the wrong password',
            ("${user}:${password}".bytes.encodeBase64().toString()): "the base64 of ${user}:<password>"])

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
    String registryDigest = registry.inspect(ref).Digest
    assert registryDigest == digest: "${itName}: registry digest ${registryDigest} != image-digest ${digest}"
    return true
} finally {
    registry.stop()
}
