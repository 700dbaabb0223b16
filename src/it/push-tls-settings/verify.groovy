// push-tls-settings: mvn -X deploy pushed the image in the deploy phase (zeroimage:push) to the TLS
// registry, with the login from the settings.xml <server> named after the registry host (password
// decrypted through settings-security.xml); skopeo sees the same digest; the tar was deployed beside
// the POM; and build.log never shows the password, plain or as the Basic header's base64, though -X is on.
// Always stops the registry that setup.groovy started (_support/registry.groovy).
import groovy.json.JsonSlurper
import java.security.MessageDigest

def itName = 'push-tls-settings'
def artifactId = 'push-tls-settings'
def version = '1.0'
int port = 15443
String user = 'alice'
String password = 'Tls-Pa55-for-alice'          // as in setup.groovy
String registryHost = "127.0.0.1:${port}"
String ref = "${registryHost}/demo/push-tls:1"

def sha256 = { File f ->
    def md = MessageDigest.getInstance('SHA-256')
    f.eachByte(1 << 16) { byte[] b, int n -> md.update(b, 0, n) }
    md.digest().encodeHex().toString()
}
File regDir = new File(basedir, 'registry')
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, regDir, port, [user: user, password: password])
def logs = evaluate(new File(itSupport, 'logs.groovy'))

try {
    File target = new File(basedir, 'target')
    File tar = new File(target, "${artifactId}-${version}-image.tar")
    File digestFile = new File(target, 'zeroimage/image-digest')
    File imageJson = new File(target, 'zeroimage/image.json')
    String log = new File(basedir, 'build.log').getText('UTF-8')

    // ---- the secret never reaches the log (checked without printing it) ----
    assert log.contains('[DEBUG]'): "${itName}: the build did not run with -X, so the leak check proves little"
    String basic = "${user}:${password}".bytes.encodeBase64().toString()
    logs.assertNoSecrets(itName, log, [
            (password)                                : 'the plain password',
            (basic)                                   : "the base64 of ${user}:<password> (a Basic Authorization header)",
            (password.bytes.encodeBase64().toString()): 'the base64 of the password'])
    File settingsFile = new File(regDir, "${itName}-settings.xml")
    if (settingsFile.text.contains(password)) throw new AssertionError("${itName}: ${settingsFile} holds the plain password")

    // ---- where the credentials came from, and which goal pushed ----
    assert log.contains("Using credentials for ${registryHost} from settings.xml server '${registryHost}'"):
            "${itName}: build.log does not say the credentials came from settings.xml server '${registryHost}':\n" +
                    log.readLines().findAll { it.contains('credentials') }.join('\n')
    assert log =~ /--- zeroimage(-maven-plugin)?:[^:]+:push \(push\) @ ${artifactId} ---/: "${itName}: zeroimage:push did not run"
    assert !log.contains('Cannot decrypt'): "${itName}: the settings.xml password was not decrypted"

    // ---- plugin outputs ----
    assert tar.isFile(): "${itName}: image archive not written: ${tar}"
    assert digestFile.isFile(): "${itName}: missing ${digestFile}"
    String digest = digestFile.getText('UTF-8').trim()
    assert digest ==~ /sha256:[0-9a-f]{64}/: "${itName}: image-digest: '${digest}'"
    def info = new JsonSlurper().parse(imageJson)
    assert info.manifestDigest == digest: "${itName}: image.json manifestDigest ${info.manifestDigest} != image-digest ${digest}"
    assert info.pushed instanceof List && info.pushed.contains(ref): "${itName}: image.json pushed ${info.pushed} lacks ${ref}"
    assert log.contains("Pushed ${ref} (${digest})"): "${itName}: build.log has no 'Pushed ${ref} (${digest})' line"

    // ---- deployed: the tar is in the file repository beside the POM ----
    File deployed = new File(target, "repo/dev/zeroimage/it/${artifactId}/${version}")
    File deployedTar = new File(deployed, "${artifactId}-${version}-image.tar")
    assert new File(deployed, "${artifactId}-${version}.pom").isFile(): "${itName}: POM not deployed to ${deployed}"
    assert deployedTar.isFile(): "${itName}: image tar not deployed: ${deployed.list()}"
    assert sha256(deployedTar) == sha256(tar): "${itName}: deployed tar differs from ${tar}"

    // ---- the registry has it, under the login, with the digest the plugin reported ----
    def inspect = registry.inspect(ref)
    assert inspect.Digest == digest: "${itName}: registry digest ${inspect.Digest} != image-digest ${digest}"
    assert inspect.Os == 'linux' && inspect.Architecture == 'amd64': "${itName}: ${inspect.Os}/${inspect.Architecture}"
    def (int anonRc, String anonOut) = registry.skopeo('inspect', ref, ['--no-creds'])
    assert anonRc != 0: "${itName}: the registry answered without a login, so the credentials were not under test:\n${anonOut}"
    return true
} finally {
    registry.stop()
}
