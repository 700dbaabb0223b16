// from-static-nonroot: the static base through Maven; the image runs as nonroot in runc and its program
// finds its passwd entry, a writable /tmp and the CA bundle.
import groovy.json.JsonOutput
import groovy.json.JsonSlurper

def itName = 'from-static-nonroot'
def run = evaluate(new File(itSupport, 'run.groovy'))
File tar = new File(basedir, "target/${itName}-1.0-image.tar")
assert tar.isFile(): "${itName}: no image archive"

def (int rc, String out) = run(['skopeo', 'inspect', '--config', "oci-archive:${tar}"])
assert rc == 0: "skopeo inspect --config failed:\n${out}"
def config = new JsonSlurper().parseText(out)
assert config.config.User == '65532:65532': "${itName}: user nonroot not written as uid:gid: ${config.config.User}"
String buildLog = new File(basedir, 'build.log').getText('UTF-8')
assert buildLog.contains('User nonroot is 65532:65532 in the image'): "${itName}: the log does not say how nonroot was resolved"
assert config.config.Entrypoint == ['/usr/local/bin/whoami']
assert config.config.Labels['dev.zeroimage.static.tzdata']: "the static base's labels are missing"
assert config.rootfs.diff_ids.size() == 2: "expected the static base layer and the executable layer"

File work = new File(basedir, 'target/verify')
work.deleteDir()
File layout = new File(work, 'layout')
layout.mkdirs()
(rc, out) = run(['tar', '-xf', tar, '-C', layout])
assert rc == 0: out
String ref = new JsonSlurper().parse(new File(layout, 'index.json')).manifests[0].annotations['org.opencontainers.image.ref.name']
File bundle = new File(work, 'bundle')
(rc, out) = run(['umoci', 'unpack', '--image', "${layout}:${ref}", bundle])
assert rc == 0: "umoci unpack failed:\n${out}"
File bundleConfig = new File(bundle, 'config.json')
def runtime = new JsonSlurper().parse(bundleConfig)
runtime.process.terminal = false
bundleConfig.text = JsonOutput.toJson(runtime)

// runc needs root here; a developer running the ITs as another user gets the skip by name (CI runs as root).
if (run(['id', '-u'])[1].trim() != '0') {
    if (String.valueOf(binding.hasVariable('ci') ? ci : null) == 'true') throw new AssertionError("${itName}: runc needs root")
    println "SKIPPED ${itName}: running the image needs root (runc)"
    return true
}
String id = "${itName}-${System.nanoTime()}"
try {
    (rc, out) = run(['runc', 'run', '--bundle', bundle.absolutePath, id], [timeout: 120])
} finally {
    run(['runc', 'delete', '-f', id], [timeout: 30])
}
assert rc == 0: "runc run failed:\n${out}"
assert out.contains('user=nonroot uid=65532 home=/home/nonroot'): "${itName}: the user lookup failed:\n${out}"
assert out.contains('tmp=writable'): "${itName}: /tmp is not writable:\n${out}"
def certificates = (out =~ /certificates=(\d+)/)
assert certificates.find() && (certificates.group(1) as int) > 100: "${itName}: no CA bundle:\n${out}"
println "${itName}: ran in runc:\n${out}"
return true
