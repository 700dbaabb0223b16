// reproducible: first/ and nested/second/ compile the same source to byte-identical executables that
// differ in file name, mode (0755 vs 0700), mtime and project directory; with one image configuration
// the two image archives must be byte-identical, and so must their digests.
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions
import java.security.MessageDigest

def itName = 'reproducible'
def sha256 = { File f ->
    def md = MessageDigest.getInstance('SHA-256')
    f.eachByte(1 << 16) { byte[] b, int n -> md.update(b, 0, n) }
    md.digest().encodeHex().toString()
}
def mode = { File f -> PosixFilePermissions.toString(Files.getPosixFilePermissions(f.toPath())) }

File first = new File(basedir, 'first/target')
File second = new File(basedir, 'nested/second/target')

// preconditions: the inputs differ only in what zeroimage must normalize
File exe1 = new File(first, 'first')
File exe2 = new File(second, 'second')
assert exe1.isFile() && exe2.isFile(): "${itName}: executables not compiled: ${exe1}, ${exe2}"
assert sha256(exe1) == sha256(exe2): "${itName}: test setup broken: gcc produced different executables, so the images cannot be compared"
assert mode(exe1) == 'rwxr-xr-x' && mode(exe2) == 'rwx------': "${itName}: test setup broken: modes ${mode(exe1)} / ${mode(exe2)}"
assert exe1.lastModified() != exe2.lastModified(): "${itName}: test setup broken: same mtime"

File tar1 = new File(first, 'first-1.0-image.tar')
File tar2 = new File(second, 'second-1.0-image.tar')
assert tar1.isFile() && tar2.isFile(): "${itName}: image archives not written: ${tar1}, ${tar2}"
String digest1 = new File(first, 'zeroimage/image-digest').getText('UTF-8').trim()
String digest2 = new File(second, 'zeroimage/image-digest').getText('UTF-8').trim()
assert digest1 ==~ /sha256:[0-9a-f]{64}/: "${itName}: image-digest: '${digest1}'"

// on a mismatch, say which JSON fields differ (manifest and config read back from each archive)
def jsonDiff
jsonDiff = { String path, a, b ->
    if (a instanceof Map && b instanceof Map) {
        return (a.keySet() + b.keySet()).collectMany { k -> jsonDiff("${path}.${k}", a[k], b[k]) }
    }
    if (a instanceof List && b instanceof List && a.size() == b.size()) {
        return (0..<a.size()).collectMany { i -> jsonDiff("${path}[${i}]", a[i], b[i]) }
    }
    a == b ? [] : ["${path}: ${a} | ${b}"]
}
def readBlob = { File tar, String digest ->
    def p = new ProcessBuilder('tar', '-xOf', tar.absolutePath, 'blobs/sha256/' + digest.substring(7)).start()
    def parsed = new JsonSlurper().parse(p.inputStream)
    p.waitFor()
    parsed
}
def explain = {
    try {
        def m1 = readBlob(tar1, digest1), m2 = readBlob(tar2, digest2)
        def c1 = readBlob(tar1, m1.config.digest), c2 = readBlob(tar2, m2.config.digest)
        (jsonDiff('manifest', m1, m2) + jsonDiff('config', c1, c2)).join('\n  ')
    } catch (Exception e) {
        "(cannot compare the archives' JSON: ${e})"
    }
}
if (digest1 != digest2) {
    assert false: "${itName}: manifest digests differ: ${digest1} vs ${digest2}; first | second:\n  ${explain()}"
}

def info1 = new JsonSlurper().parse(new File(first, 'zeroimage/image.json'))
def info2 = new JsonSlurper().parse(new File(second, 'zeroimage/image.json'))
assert info1.configDigest == info2.configDigest: "${itName}: config digests differ: ${info1.configDigest} vs ${info2.configDigest}"
assert info1.layers == info2.layers: "${itName}: layers differ: ${info1.layers} vs ${info2.layers}"
assert info1.image == 'repro:1.0' && info2.image == 'repro:1.0'

String sum1 = sha256(tar1)
String sum2 = sha256(tar2)
assert sum1 == sum2: "${itName}: archives differ: ${tar1} sha256 ${sum1} (${tar1.length()} bytes) vs ${tar2} sha256 ${sum2} (${tar2.length()} bytes)"
println "${itName}: both archives have sha256 ${sum1}, manifest ${digest1}"
return true
