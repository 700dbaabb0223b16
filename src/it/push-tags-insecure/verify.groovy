// push-tags-insecure, at the end: the second build (from a clean target/) produced the same manifest
// and pushed it again under the three tags without uploading any blob (the registry's access log has
// no upload request after the first build's mark); skopeo resolves the three tags to that digest.
// Always stops the registry that setup.groovy started (_support/registry.groovy).
import groovy.json.JsonSlurper

def itName = 'push-tags-insecure'
int port = 15441
String registryHost = "127.0.0.1:${port}"
String repo = 'demo/push-tags'
String base = "${registryHost}/${repo}"
List tags = ['1', 'latest', 'stable']

File regDir = new File(basedir, 'registry')
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, regDir, port)
def logs = evaluate(new File(itSupport, 'logs.groovy'))

try {
    File offsetFile = new File(regDir, 'access.log.offset-1')
    assert offsetFile.isFile(): "${itName}: verify.1.groovy did not run (the first build failed?)"
    String log = logs.invocation(itName, basedir, 2)

    String digest = new File(basedir, 'target/zeroimage/image-digest').getText('UTF-8').trim()
    String firstDigest = new File(regDir, 'access.log.digest-1').text.trim()
    assert digest == firstDigest: "${itName}: the rebuilt image has another digest (${digest}, first ${firstDigest})"

    // ---- the plugin says it uploaded nothing ----
    String expected = "Pushed ${tags.collect { "${base}:${it}" }.join(', ')} (${digest}): 0 blob(s) uploaded, 2 already there, 0 mounted"
    assert log.contains(expected): "${itName}: the second build does not say '${expected}':\n" +
            log.readLines().findAll { it.contains('Pushed') || it.contains('ERROR') }.join('\n')
    assert !log.contains('Uploading layer'): "${itName}: the second build uploaded a layer"

    // ---- and the registry agrees: after the mark, no upload session, no blob PUT; the tags again ----
    byte[] all = new File(regDir, 'access.log').bytes
    int offset = offsetFile.text.trim() as int
    List second = new String(all, offset, all.length - offset, 'UTF-8').readLines().findAll { it.trim() }
    def requests = { String method, String pathPattern -> second.findAll { it =~ /"${method} \/v2\/${pathPattern} HTTP\/[0-9.]+" / } }
    assert second: "${itName}: the registry logged no request from the second build"
    assert !requests('POST', '.*/blobs/uploads/.*'): "${itName}: the second build opened blob uploads:\n${second.join('\n')}"
    assert !requests('PUT', '.*/blobs/.*') && !requests('PATCH', '.*'): "${itName}: the second build sent blob data:\n${second.join('\n')}"
    // the image's layer and config, and the SBOM referrer's empty config and SBOM (the same bytes again)
    assert requests('HEAD', "${repo}/blobs/sha256:[0-9a-f]{64}").findAll { it =~ /" 200 / }.size() == 4:
            "${itName}: the second build did not find all four blobs with HEAD:\n${second.join('\n')}"
    tags.each { tag ->
        assert requests('PUT', "${repo}/manifests/${tag}").any { it =~ /" 201 / }: "${itName}: manifest ${tag} not pushed again:\n${second.join('\n')}"
    }

    // ---- image.json ----
    def info = new JsonSlurper().parse(new File(basedir, 'target/zeroimage/image.json'))
    assert info.manifestDigest == digest: "${itName}: image.json manifestDigest ${info.manifestDigest} != image-digest ${digest}"
    assert info.pushed == tags.collect { "${base}:${it}".toString() }: "${itName}: image.json pushed ${info.pushed}"

    // ---- skopeo: every tag resolves to that digest ----
    tags.each { tag ->
        String registryDigest = registry.inspect("${base}:${tag}").Digest
        assert registryDigest == digest: "${itName}: ${base}:${tag} is ${registryDigest}, image-digest ${digest}"
    }
    def (int rc, String out) = registry.skopeo('list-tags', base)
    assert rc == 0: "${itName}: skopeo list-tags failed:\n${out}"
    // the three tags, and the referrers fallback tag that lists the image's SBOM
    assert (new JsonSlurper().parseText(out).Tags as Set) == ((tags + ["sha256-${digest - 'sha256:'}".toString()]) as Set):
            "${itName}: registry tags: ${out}"
    return true
} finally {
    registry.stop()
}
