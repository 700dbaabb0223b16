// index-two-runners: the index tar names an OCI image index over the two runners' manifests (unchanged,
// in the order of images), skopeo reads it (both platforms), it is attached (installed), the second
// invocation failed naming both sources of linux/amd64, and the third pushed the attached index tar
// (zeroimage:push): the registry serves the same index, arm64 through --override-arch. Stops the registry.
import groovy.json.JsonSlurper
import java.security.MessageDigest

def itName = 'index-two-runners'
def isCi = binding.hasVariable('ci') && String.valueOf(ci) == 'true'
def run = evaluate(new File(itSupport, 'run.groovy'))     // run(cmd, [dir:, env:, timeout:]) -> [exitCode, output]
def logs = evaluate(new File(itSupport, 'logs.groovy'))
def haveTools = { List tools ->
    def missing = tools.findAll { run(['sh', '-c', 'command -v "$0"', it])[0] != 0 }
    if (!missing) return true
    if (isCi) throw new AssertionError("${itName}: required tool not installed: ${missing.join(', ')}")
    println "SKIPPED ${itName}: ${missing.join(', ')} not installed"
    false
}
def json = { File f -> assert f.isFile(): "${itName}: missing ${f}"; new JsonSlurper().parse(f) }
def sha256 = { byte[] bytes -> 'sha256:' + MessageDigest.getInstance('SHA-256').digest(bytes).encodeHex().toString() }

def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, new File(basedir, 'registry'), 15470)
try {
String amd64 = new File(basedir, 'amd64/target/zeroimage/image-digest').getText('UTF-8').trim()
String arm64 = new File(basedir, 'arm64/target/zeroimage/image-digest').getText('UTF-8').trim()
File multi = new File(basedir, 'multi/target')
File tar = new File(multi, 'multi-1.0-image.tar')
assert tar.isFile(): "${itName}: no index tar ${tar}"
String digest = new File(multi, 'zeroimage/image-digest').getText('UTF-8').trim()
def report = json(new File(multi, 'zeroimage/image.json'))
assert report.manifestDigest == digest && report.mediaType == 'application/vnd.oci.image.index.v1+json': "${itName}: image.json ${report}"
assert report.platforms*.platform == ['linux/amd64', 'linux/arm64/v8']: "${itName}: image.json platforms ${report.platforms}"
assert report.platforms*.manifestDigest == [amd64, arm64]: "${itName}: image.json manifests ${report.platforms}"

List runs = new File(basedir, 'build.log').getText('UTF-8').split(/\[INFO\] Scanning for projects\.\.\./) as List
assert runs.size() == 4: "${itName}: expected three Maven invocations in build.log, found ${runs.size() - 1}"
String log1 = runs[1]
// the push goal of the third invocation (run from the command line) takes -Dzeroimage.image; the index
// execution keeps its configured app:1.0
assert log1.contains("Built image app:1.0 (linux/amd64, linux/arm64/v8) ${digest}"): "${itName}: no summary line for the index"
String log3 = runs[3]
String pushed = "Pushed 127.0.0.1:15470/acme/app:1.0 (${digest}): 4 blob(s) uploaded, 0 already there, 0 mounted"
assert log3.contains(pushed): "${itName}: the push goal did not say '${pushed}':\n" + log3.readLines().findAll { it.contains('Pushed') || it.contains('ERROR') }.join('\n')
assert report.pushed == ['127.0.0.1:15470/acme/app:1.0']: "${itName}: image.json pushed ${report.pushed}"
String log2 = runs[2]
String expected = 'Duplicate platform linux/amd64 in images: both ../amd64/target/amd64-1.0-image.tar and' +
        ' target/multi-1.0-image.tar hold an image for it.'
assert log2.contains(expected): "${itName}: the second invocation did not fail with '${expected}'"
assert !new File(multi, 'duplicate.tar').exists(): "${itName}: the failed index left target/duplicate.tar"

File installed = new File(localRepositoryPath, 'dev/zeroimage/it/multi/1.0/multi-1.0-image.tar')
assert installed.isFile() && installed.bytes == tar.bytes: "${itName}: the index tar was not attached and installed: ${installed}"

if (!haveTools(['tar'])) return true
File layout = new File(multi, 'it-verify/layout')
layout.deleteDir()
layout.mkdirs()
def (int tarRc, String tarOut) = run(['tar', '-xf', tar.absolutePath, '-C', layout.absolutePath])
assert tarRc == 0: "${itName}: tar -xf failed: ${tarOut}"
assert !new File(layout, 'manifest.json').exists(): "${itName}: a multi-platform tar has no docker manifest.json"
def top = json(new File(layout, 'index.json'))
assert top.manifests.size() == 1 && top.manifests[0].digest == digest: "${itName}: index.json ${top}"
assert top.manifests[0].annotations['org.opencontainers.image.ref.name'] == 'app:1.0': "${itName}: ref.name ${top}"
byte[] indexBytes = new File(layout, 'blobs/sha256/' + digest.substring(7)).bytes
assert sha256(indexBytes) == digest: "${itName}: the index blob does not match its digest"
def index = new JsonSlurper().parse(indexBytes)
assert index.manifests*.digest == [amd64, arm64]: "${itName}: index entries ${index.manifests*.digest}, runners ${[amd64, arm64]}"
assert index.manifests*.platform*.architecture == ['amd64', 'arm64']: "${itName}: platforms ${index.manifests*.platform}"

if (!haveTools(['skopeo'])) return true
def (int rawRc, String raw) = run(['skopeo', 'inspect', '--raw', "oci-archive:${tar.absolutePath}"])
assert rawRc == 0: "${itName}: skopeo inspect --raw failed:\n${raw}"
assert raw.trim() == new String(indexBytes, 'UTF-8'): "${itName}: skopeo --raw shows ${raw}"
['amd64', 'arm64'].each { arch ->
    def (int rc, String out) = run(['skopeo', 'inspect', '--override-arch', arch, "oci-archive:${tar.absolutePath}"])
    assert rc == 0: "${itName}: skopeo inspect --override-arch ${arch} failed:\n${out}"
    assert new JsonSlurper().parseText(out).Architecture == arch: "${itName}: skopeo --override-arch ${arch}: ${out}"
}
def (int regRc, String regRaw) = registry.skopeo('inspect', '127.0.0.1:15470/acme/app:1.0', ['--raw'])
assert regRc == 0 && regRaw.trim() == new String(indexBytes, 'UTF-8'): "${itName}: the registry serves ${regRaw}"
def (int armRc, String armOut) = registry.skopeo('inspect', '127.0.0.1:15470/acme/app:1.0', ['--override-arch', 'arm64'])
assert armRc == 0 && new JsonSlurper().parseText(armOut).Architecture == 'arm64': "${itName}: arm64 from the registry: ${armOut}"
return true
} finally {
    registry.stop()
}
