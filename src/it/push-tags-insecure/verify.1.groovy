// push-tags-insecure, after the first build: the image went to the empty plain-HTTP registry under
// its own tag and the two extra ones, uploading its two blobs (layer, config). Records where the
// access log stands so that verify.groovy looks at the second build's requests only.
def itName = 'push-tags-insecure'
String repo = 'demo/push-tags'
String base = "127.0.0.1:15441/${repo}"
File regDir = new File(basedir, 'registry')
File accessLog = new File(regDir, 'access.log')

def logs = evaluate(new File(itSupport, 'logs.groovy'))

String log = logs.invocation(itName, basedir, 1)
def pushed = log =~ /Pushed (\S+), (\S+), (\S+) \((sha256:[0-9a-f]{64})\): (\d+) blob\(s\) uploaded, (\d+) already there, (\d+) mounted/
assert pushed.find(): "${itName}: no 'Pushed …' line for three references in the first build:\n${log.readLines().findAll { it.contains('zeroimage') || it.contains('ERROR') }.join('\n')}"
assert [pushed.group(1), pushed.group(2), pushed.group(3)] == ["${base}:1", "${base}:latest", "${base}:stable"].collect { it.toString() }
assert pushed.group(5) == '2' && pushed.group(6) == '0': "${itName}: the first push into an empty registry: ${pushed.group()}"
// The registry never challenges, so no credential is looked up (credentials are asked for on a 401).
assert !log.contains('Using credentials for 127.0.0.1:15441'):
        "${itName}: the push was not anonymous:\n${log.readLines().findAll { it.contains('credentials') }.join('\n')}"
String digest = new File(basedir, 'target/zeroimage/image-digest').getText('UTF-8').trim()
assert pushed.group(4) == digest: "${itName}: pushed ${pushed.group(4)}, image-digest ${digest}"

List lines = accessLog.readLines()
def requests = { String method, String pathPattern -> lines.findAll { it =~ /"${method} \/v2\/${pathPattern} HTTP\/[0-9.]+" / } }
// layer and config, then the SBOM referrer's two blobs (the empty config {} and the SBOM)
assert requests('POST', "${repo}/blobs/uploads/").size() == 4: "${itName}: first push, blob uploads:\n${lines.join('\n')}"
['1', 'latest', 'stable'].each { tag ->
    assert requests('PUT', "${repo}/manifests/${tag}").any { it =~ /" 201 / }: "${itName}: manifest ${tag} not stored:\n${lines.join('\n')}"
}
new File(regDir, 'access.log.offset-1').text = "${accessLog.length()}\n"
new File(regDir, 'access.log.digest-1').text = "${digest}\n"
return true
