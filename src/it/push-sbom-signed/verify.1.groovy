// push-sbom-signed, after the first build: records the image digest and the raw referrers index and
// signature manifest, so that verify.groovy can show the second push changed neither.
def itName = 'push-sbom-signed'
String registryHost = '127.0.0.1:15446'
String repo = 'demo/signed'
File regDir = new File(basedir, 'registry')
def run = evaluate(new File(itSupport, 'run.groovy'))

String digest = new File(basedir, 'target/zeroimage/image-digest').getText('UTF-8').trim()
String hex = digest - 'sha256:'
['referrers': "sha256-${hex}", 'signature': "sha256-${hex}.sig"].each { what, tag ->
    def (code, out) = run(['skopeo', '--insecure-policy', 'inspect', '--raw', '--tls-verify=false', "docker://${registryHost}/${repo}:${tag}"],
            [env: ['PATH': System.getenv('PATH'), 'REGISTRY_AUTH_FILE': new File(regDir, 'no-auth.json').path]])
    assert code == 0: "${itName}: the ${what} tag ${tag} is missing after the first push:\n${out}"
    new File(regDir, "first-${what}.json").text = out.trim()
}
new File(regDir, 'first-digest').text = digest
return true
