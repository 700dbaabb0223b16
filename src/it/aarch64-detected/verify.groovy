// aarch64-detected: with no <platform>, an aarch64 ELF yields a linux/arm64/v8 image; if qemu is
// there, the executable taken back out of the image layer runs under emulation.
import groovy.json.JsonSlurper

def itName = 'aarch64-detected'
def artifactId = 'aarch64-detected'
def isCi = binding.hasVariable('ci') && String.valueOf(ci) == 'true'

def run = evaluate(new File(itSupport, 'run.groovy'))     // run(cmd, [dir:, env:, timeout:]) -> [exitCode, output]
def missingTools = { List tools -> tools.findAll { run(['sh', '-c', 'command -v "$0"', it])[0] != 0 } }
def haveTools = { List tools ->
    def missing = missingTools(tools)
    if (!missing) return true
    if (isCi) throw new AssertionError("${itName}: required tool not installed: ${missing.join(', ')}")
    println "SKIPPED ${itName}: ${missing.join(', ')} not installed"
    false
}
def json = { File f -> assert f.isFile(): "missing ${f}"; new JsonSlurper().parse(f) }

File target = new File(basedir, 'target')
File tar = new File(target, "${artifactId}-1.0-image.tar")
assert tar.isFile() && tar.length() > 0: "image archive not written: ${tar}"
String digest = new File(target, 'zeroimage/image-digest').getText('UTF-8').trim()
assert digest ==~ /sha256:[0-9a-f]{64}/: "image-digest: '${digest}'"
def info = json(new File(target, 'zeroimage/image.json'))
assert info.platform == 'linux/arm64/v8': "image.json platform: ${info.platform}"

if (!haveTools(['tar'])) return true
File work = new File(target, 'it-verify')
work.deleteDir()
File layout = new File(work, 'layout')
layout.mkdirs()
def (int tarRc, String tarOut) = run(['tar', '-xf', tar.absolutePath, '-C', layout.absolutePath])
assert tarRc == 0: "tar -xf failed: ${tarOut}"
def index = json(new File(layout, 'index.json'))
assert index.manifests.size() == 1 && index.manifests[0].digest == digest: "index.json: ${index}"
def blob = { String d -> new File(layout, 'blobs/sha256/' + d.substring('sha256:'.length())) }
def manifest = json(blob(digest))
def config = json(blob(manifest.config.digest))
assert [config.os, config.architecture, config.variant] == ['linux', 'arm64', 'v8']: "config platform: ${config.os}/${config.architecture}/${config.variant}"
// a platform in the index descriptor is optional, but when present it must agree
def idxPlatform = index.manifests[0].platform
if (idxPlatform != null) {
    assert [idxPlatform.os, idxPlatform.architecture, idxPlatform.variant] == ['linux', 'arm64', 'v8']: "index.json platform: ${idxPlatform}"
}

if (!haveTools(['skopeo'])) return true
def (int insRc, String insOut) = run(['skopeo', 'inspect', "oci-archive:${tar.absolutePath}"])
assert insRc == 0: "skopeo inspect failed:\n${insOut}"
def inspect = new JsonSlurper().parseText(insOut)
assert inspect.Os == 'linux' && inspect.Architecture == 'arm64': "skopeo: ${inspect.Os}/${inspect.Architecture}"
assert inspect.Digest == digest: "skopeo Digest ${inspect.Digest} != image-digest ${digest}"
// skopeo prints Variant only since 1.10 (Debian 12 has 1.9); the config seen through skopeo has it always
if (inspect.containsKey('Variant')) {
    assert inspect.Variant == 'v8': "skopeo Variant: ${inspect.Variant}"
}
def (int cfgRc, String cfgOut) = run(['skopeo', 'inspect', '--config', "oci-archive:${tar.absolutePath}"])
assert cfgRc == 0: "skopeo inspect --config failed:\n${cfgOut}"
def skopeoCfg = new JsonSlurper().parseText(cfgOut)
assert [skopeoCfg.architecture, skopeoCfg.variant] == ['arm64', 'v8']: "skopeo config: ${skopeoCfg.architecture}/${skopeoCfg.variant}"

// optional: run the executable from the layer under user-mode emulation
if (missingTools(['qemu-aarch64-static'])) {
    println "${itName}: qemu-aarch64-static not installed, not running the arm64 executable"
    return true
}
File rootfs = new File(work, 'rootfs')
rootfs.mkdirs()
manifest.layers.each { l ->
    def (int xRc, String xOut) = run(['tar', '-xf', blob(l.digest).absolutePath, '-C', rootfs.absolutePath])
    assert xRc == 0: "cannot extract layer ${l.digest}: ${xOut}"
}
File exe = new File(rootfs, artifactId)
assert exe.isFile(): "${exe} not in the image layers"
def (int qRc, String qOut) = run(['qemu-aarch64-static', exe.absolutePath], [timeout: 60])
assert qRc == 0 && qOut.contains('Hello from zeroimage'): "qemu-aarch64-static ${exe} exited ${qRc}:\n${qOut}"
println "${itName}: ran under qemu-aarch64-static:\n${qOut}"
return true
