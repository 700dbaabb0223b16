// build-multi-platform, at the end: the tar of the XML forms and the tar of -Dzeroimage.executables=a,b are the same
// bytes; skopeo reads the tar and the pushed image as an OCI index of linux/amd64 and linux/arm64/v8 with the digest
// of image-digest; image.json lists both platforms; each platform's SBOM is attached and pushed as a referrer of its
// manifest; the index and both manifests are signed (openssl verifies one); invocation 2 (platform with
// executables) failed naming both. Always stops the registry that setup.groovy started.
import groovy.json.JsonSlurper

def itName = 'build-multi-platform'
int port = 15480
String registryHost = "127.0.0.1:${port}"
String repo = 'multi/app'

File regDir = new File(basedir, 'registry')
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, regDir, port)
def logs = evaluate(new File(itSupport, 'logs.groovy'))
def run = evaluate(new File(itSupport, 'run.groovy'))
def json = new JsonSlurper()
def sha256 = { byte[] bytes -> 'sha256:' + java.security.MessageDigest.getInstance('SHA-256').digest(bytes).encodeHex().toString() }
Map skopeoEnv = ['PATH': System.getenv('PATH'), 'REGISTRY_AUTH_FILE': new File(regDir, 'no-auth.json').path]
def skopeo = { List args ->
    def (code, out) = run(['skopeo', '--insecure-policy'] + args, [env: skopeoEnv])
    assert code == 0: "${itName}: skopeo ${args.join(' ')} failed:\n${out}"
    out
}
// skopeo prints the raw manifest followed by a newline
def raw = { List args -> String out = skopeo(['inspect', '--raw'] + args); out.endsWith('\n') ? out[0..-2] : out }
def remote = { String ref -> raw(['--tls-verify=false', "docker://${registryHost}/${repo}${ref}"]) }
def blob = { String digest -> new URL("http://${registryHost}/v2/${repo}/blobs/${digest}").bytes }
def platformOf = { p -> "${p.os}/${p.architecture}${p.variant ? '/' + p.variant : ''}" }

try {
    String second = logs.invocation(itName, basedir, 2)    // checks that both invocations ran
    String first = (new File(basedir, 'build.log').getText('UTF-8').split(/\[INFO\] Scanning for projects\.\.\./) as List)[1]
    String digest = new File(basedir, 'target/zeroimage/image-digest').getText('UTF-8').trim()

    // ---- the log: a base line per platform, the summary naming both ----
    assert first.contains('Base image: static, 1 layer(s), for linux/amd64') && first.contains('Base image: static, 1 layer(s), for linux/arm64/v8'):
            "${itName}: no Base image line per platform"
    assert first.contains("Built image ${registryHost}/${repo}:1.0 (linux/amd64, linux/arm64/v8) ${digest}"):
            "${itName}: no summary line naming both platforms and ${digest}"

    // ---- the XML forms and the comma form give the same bytes ----
    File tar = new File(basedir, 'target/build-multi-platform-1.0-image.tar')
    File byProperty = new File(basedir, 'target/by-property.tar')
    assert tar.isFile() && byProperty.isFile(): "${itName}: missing ${tar} or ${byProperty}"
    assert tar.bytes == byProperty.bytes: "${itName}: -Dzeroimage.executables=a,b built another tar than the XML forms"

    // ---- skopeo reads the tar: an index of both platforms ----
    String indexRaw = raw(["oci-archive:${tar}"])
    assert sha256(indexRaw.getBytes('UTF-8')) == digest: "${itName}: the tar's index is not ${digest}"
    def index = json.parseText(indexRaw)
    assert index.mediaType == 'application/vnd.oci.image.index.v1+json'
    assert index.manifests.collect { platformOf(it.platform) } == ['linux/amd64', 'linux/arm64/v8']: "${itName}: ${indexRaw}"
    String amd = index.manifests[0].digest
    String arm = index.manifests[1].digest
    def armConfig = json.parseText(skopeo(['inspect', '--config', '--override-arch', 'arm64', "oci-archive:${tar}"]))
    assert armConfig.architecture == 'arm64' && armConfig.config.User == '65532:65532' && armConfig.config.Entrypoint == ['/app']:
            "${itName}: arm64 config ${armConfig}"

    // ---- pushed: the same index under the tag ----
    assert sha256(remote(':1.0').getBytes('UTF-8')) == digest: "${itName}: the registry's 1.0 is not ${digest}"
    def pushedArm = json.parseText(skopeo(['inspect', '--tls-verify=false', '--override-arch', 'arm64', "docker://${registryHost}/${repo}:1.0"]))
    assert pushedArm.Architecture == 'arm64': "${itName}: skopeo --override-arch arm64 gives ${pushedArm.Architecture}"

    // ---- image.json ----
    def report = json.parse(new File(basedir, 'target/zeroimage/image.json'))
    assert report.manifestDigest == digest && report.mediaType == index.mediaType
    assert report.platforms*.platform == ['linux/amd64', 'linux/arm64/v8'] && report.platforms*.manifestDigest == [amd, arm]
    assert report.pushed?.contains("${registryHost}/${repo}:1.0".toString()): "${itName}: image.json pushed ${report.pushed}"

    // ---- per-platform SBOMs: written, installed with their classifiers, pushed as referrers ----
    File m2 = new File(localRepositoryPath as File, 'dev/zeroimage/it/build-multi-platform/1.0')
    ['linux-amd64': amd, 'linux-arm64-v8': arm].each { String suffix, String manifest ->
        File sbomFile = new File(basedir, "target/zeroimage/sbom-${suffix}.cdx.json")
        assert sbomFile.isFile(): "${itName}: no ${sbomFile.name}"
        def sbom = json.parse(sbomFile)
        assert sbom.metadata.component.purl.startsWith("pkg:oci/app@${manifest}?"): "${itName}: ${sbomFile.name} describes ${sbom.metadata.component.purl}"
        File installed = new File(m2, "build-multi-platform-1.0-image-cyclonedx-${suffix}.json")
        assert installed.isFile() && installed.bytes == sbomFile.bytes: "${itName}: ${installed.name} not installed"
        def referrers = json.parseText(remote(":sha256-${manifest - 'sha256:'}"))
        assert referrers.manifests.size() == 1 && referrers.manifests[0].artifactType == 'application/vnd.cyclonedx+json'
        def artifact = json.parseText(remote("@${referrers.manifests[0].digest}"))
        assert artifact.subject.digest == manifest && blob(artifact.layers[0].digest) == sbomFile.bytes:
                "${itName}: the referrer of ${manifest} is not ${sbomFile.name}"
    }
    assert !new File(basedir, 'target/zeroimage/sbom.cdx.json').exists(): "${itName}: a single-platform sbom.cdx.json was written"
    assert new File(m2, 'build-multi-platform-1.0-image.tar').bytes == tar.bytes

    // ---- signatures: the index and each platform manifest; openssl verifies the arm64 one ----
    [digest, amd, arm].each { String signed ->
        def sig = json.parseText(remote(":sha256-${signed - 'sha256:'}.sig"))
        byte[] payload = blob(sig.layers[0].digest)
        def critical = json.parse(payload).critical
        assert critical.image.'docker-manifest-digest' == signed && critical.identity.'docker-reference' == "${registryHost}/${repo}"
        if (signed == arm) {
            File work = new File(basedir, 'target/verify')
            work.mkdirs()
            new File(work, 'payload.json').bytes = payload
            new File(work, 'sig.bin').bytes = sig.layers[0].annotations.'dev.cosignproject.cosign/signature'.decodeBase64()
            def (code, out) = run(['openssl', 'dgst', '-sha256', '-verify', new File(basedir, 'keys/cosign.pub').path,
                                   '-signature', 'sig.bin', 'payload.json'], [dir: work])
            assert code == 0 && out.contains('Verified OK'): "${itName}: openssl does not verify the arm64 signature:\n${out}"
        }
    }

    // ---- invocation 2: platform with executables ----
    assert second.contains('Both platform (linux/amd64) and executables are set'): "${itName}: invocation 2 did not fail naming both"
} finally {
    registry.stop()
}
return true
