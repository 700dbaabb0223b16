// push-sbom-signed, at the end: the SBOM beside the image (valid CycloneDX 1.6 content as the issue lists it),
// the same SBOM as an OCI referrer of the pushed manifest (fallback tag sha256-<hex>), and a cosign-style
// signature that openssl verifies with the key's public key and refuses with another; the second push
// (from a clean target/) changed neither tag; neither the key nor its password is in build.log (-X).
// Always stops the registry that setup.groovy started.
import groovy.json.JsonSlurper

def itName = 'push-sbom-signed'
int port = 15446
String registryHost = "127.0.0.1:${port}"
String repo = 'demo/signed'
String password = 'it-signing-password-5p7q'

File regDir = new File(basedir, 'registry')
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, regDir, port)
def logs = evaluate(new File(itSupport, 'logs.groovy'))
def run = evaluate(new File(itSupport, 'run.groovy'))
def json = new JsonSlurper()

def skopeoRaw = { String ref ->
    def (code, out) = run(['skopeo', '--insecure-policy', 'inspect', '--raw', '--tls-verify=false', "docker://${registryHost}/${repo}${ref}"],
            [env: ['PATH': System.getenv('PATH'), 'REGISTRY_AUTH_FILE': new File(regDir, 'no-auth.json').path]])
    assert code == 0: "${itName}: skopeo inspect --raw ${ref} failed:\n${out}"
    out.trim()
}
def blob = { String digest -> new URL("http://${registryHost}/v2/${repo}/blobs/${digest}").bytes }
def sha256 = { byte[] bytes -> 'sha256:' + java.security.MessageDigest.getInstance('SHA-256').digest(bytes).encodeHex().toString() }

try {
    String log = logs.invocation(itName, basedir, 2)
    String digest = new File(basedir, 'target/zeroimage/image-digest').getText('UTF-8').trim()
    String hex = digest - 'sha256:'
    assert digest == new File(regDir, 'first-digest').text.trim(): "${itName}: the rebuilt image has another digest"

    // ---- the SBOM file, attached ----
    File sbomFile = new File(basedir, 'target/zeroimage/sbom.cdx.json')
    assert sbomFile.isFile(): "${itName}: no target/zeroimage/sbom.cdx.json"
    def sbom = json.parse(sbomFile)
    assert sbom.bomFormat == 'CycloneDX' && sbom.specVersion == '1.6'
    def image = sbom.metadata.component
    assert image.type == 'container'
    assert image.purl == "pkg:oci/signed@${digest}?repository_url=${registryHost}/${repo}&tag=1": "${itName}: purl ${image.purl}"
    def purls = sbom.components*.purl.findAll { it }
    assert purls.any { it.startsWith('pkg:deb/debian/ca-certificates@') } && purls.any { it.startsWith('pkg:deb/debian/tzdata@') }:
            "${itName}: the static base's Debian packages are missing: ${purls}"
    def commonsIo = sbom.components.find { it.purl == 'pkg:maven/commons-io/commons-io@2.21.0' }
    assert commonsIo: "${itName}: the runtime dependency commons-io is missing: ${purls}"
    assert commonsIo.hashes.find { it.alg == 'SHA-256' }?.content ==~ /[0-9a-f]{64}/
    assert !purls.any { it.contains('junit') }: "${itName}: a test dependency is listed: ${purls}"
    def exe = sbom.components.find { it.type == 'application' }
    assert exe?.name == '/push-sbom-signed': "${itName}: executable component ${exe}"
    File installed = new File(localRepositoryPath as File, 'dev/zeroimage/it/push-sbom-signed/1.0/push-sbom-signed-1.0-image-cyclonedx.json')
    assert installed.isFile() && installed.bytes == sbomFile.bytes: "${itName}: the SBOM was not attached (installed as ${installed})"

    // ---- the referrer: fallback index -> artifact manifest -> the same SBOM bytes, subject = the image ----
    String indexRaw = skopeoRaw(":sha256-${hex}")
    def index = json.parseText(indexRaw)
    assert index.manifests.size() == 1: "${itName}: referrers index ${indexRaw}"
    assert index.manifests[0].artifactType == 'application/vnd.cyclonedx+json'
    def artifact = json.parseText(skopeoRaw("@${index.manifests[0].digest}"))
    assert artifact.subject.digest == digest: "${itName}: the SBOM's subject is ${artifact.subject.digest}, not ${digest}"
    assert artifact.config.mediaType == 'application/vnd.oci.empty.v1+json'
    assert artifact.config.digest == 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'
    assert blob(artifact.layers[0].digest) == sbomFile.bytes: "${itName}: the pushed SBOM differs from sbom.cdx.json"

    // ---- the signature, checked by openssl ----
    String sigRaw = skopeoRaw(":sha256-${hex}.sig")
    def sig = json.parseText(sigRaw)
    assert sig.layers.size() == 1: "${itName}: signature manifest ${sigRaw}"
    def layer = sig.layers[0]
    assert layer.mediaType == 'application/vnd.dev.cosign.simplesigning.v1+json'
    byte[] payload = blob(layer.digest)
    assert sha256(payload) == layer.digest
    def critical = json.parse(payload).critical
    assert critical.identity.'docker-reference' == "${registryHost}/${repo}"
    assert critical.image.'docker-manifest-digest' == digest
    assert critical.type == 'cosign container image signature'
    File work = new File(basedir, 'target/verify')
    work.mkdirs()
    new File(work, 'payload.json').bytes = payload
    new File(work, 'sig.bin').bytes = layer.annotations.'dev.cosignproject.cosign/signature'.decodeBase64()
    def verify = { String pub -> run(['openssl', 'dgst', '-sha256', '-verify', new File(basedir, "keys/${pub}").path,
                                      '-signature', 'sig.bin', 'payload.json'], [dir: work]) }
    def (okCode, okOut) = verify('cosign.pub')
    assert okCode == 0 && okOut.contains('Verified OK'): "${itName}: openssl does not verify the signature with the key's public key:\n${okOut}"
    def (badCode, badOut) = verify('other.pub')
    assert badCode != 0: "${itName}: openssl accepted the signature with another key:\n${badOut}"

    // ---- the second push changed nothing ----
    assert indexRaw == new File(regDir, 'first-referrers.json').text.trim(): "${itName}: the referrers index changed on the second push"
    assert sigRaw == new File(regDir, 'first-signature.json').text.trim(): "${itName}: the signature manifest changed on the second push"
    assert log.contains('already listed in the tag') && log.contains('Signature of'):
            "${itName}: the second build does not say it found the SBOM and signature in place"

    // ---- secrets: not in build.log, not even with -X ----
    // exec-maven-plugin, which compiles the C program, prints every environment variable at -X ("[DEBUG] env: …",
    // the password's included): not ours to change, so those lines are left out; every other line is checked.
    assert log.contains('[DEBUG]'): "${itName}: the second build did not run with -X"
    String all = new File(basedir, 'build.log').getText('UTF-8').readLines().findAll { !it.startsWith('[DEBUG] env: ') }.join('\n')
    Map secrets = [(password): 'the signing key password']
    new File(basedir, 'keys/cosign.pem').readLines().findAll { !it.startsWith('-----') }
            .eachWithIndex { line, i -> secrets[line] = "line ${i + 2} of the signing key" }
    logs.assertNoSecrets(itName, all, secrets)
} finally {
    registry.stop()
}
return true
