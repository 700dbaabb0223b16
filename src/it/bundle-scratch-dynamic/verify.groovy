// bundle-scratch-dynamic: libraries=bundle through Maven. The log has the one "Bundled …" line, image.json
// lists each bundled file (path, source, sha256, Debian package), the bundle layer sits between scratch and
// the executable, and the image runs in runc with nothing but what zeroimage put in it.
import groovy.json.JsonOutput
import groovy.json.JsonSlurper

def itName = 'bundle-scratch-dynamic'
def run = evaluate(new File(itSupport, 'run.groovy'))
File tar = new File(basedir, "target/${itName}-1.0-image.tar")
assert tar.isFile(): "${itName}: no image archive"
String log = new File(basedir, 'build.log').getText('UTF-8')
def bundled = log.readLines().find { it.contains('Bundled ') }
assert bundled ==~ /.*Bundled 4 libraries \([0-9.]+ [kM]B\) from \/: ld-linux-x86-64\.so\.2, libz\.so\.1, libc\.so\.6, libgcc_s\.so\.1/:
        "${itName}: unexpected summary line: ${bundled}"

def info = new JsonSlurper().parse(new File(basedir, 'target/zeroimage/image.json'))
assert info.libraries*.path == ['/lib64/ld-linux-x86-64.so.2', '/lib/x86_64-linux-gnu/libz.so.1',
        '/lib/x86_64-linux-gnu/libc.so.6', '/lib/x86_64-linux-gnu/libgcc_s.so.1']: "${itName}: image.json libraries ${info.libraries}"
info.libraries.each { f ->
    assert f.sha256 ==~ /sha256:[0-9a-f]{64}/ && new File(f.source as String).isFile(): "${itName}: ${f}"
}
assert info.libraries.find { it.path.endsWith('libz.so.1') }.debianPackage == 'zlib1g'
assert info.libraries.find { it.path.endsWith('libc.so.6') }.debianPackage == 'libc6'

def (int rc, String out) = run(['skopeo', 'inspect', '--config', "oci-archive:${tar}"])
assert rc == 0: "skopeo inspect --config failed:\n${out}"
def config = new JsonSlurper().parseText(out)
assert config.rootfs.diff_ids.size() == 2: "expected the bundle layer and the executable layer"
assert config.history.find { it.created_by?.startsWith('zeroimage: COPY libraries /lib64/ld-linux-x86-64.so.2') }:
        "${itName}: no history line for the bundle layer: ${config.history}"

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
assert out.contains('hello from a bundled program, zlib 1.'): "${itName}: unexpected output:\n${out}"
println "${itName}: ran in runc:\n${out}"
return true
