// build-static-hello: the image archive is a valid OCI layout (checked here, by skopeo and by umoci's
// strict unpacker), its config carries the configured Entrypoint/Cmd/Env/User/ports/labels, and the
// unpacked bundle actually runs (runc, or chroot when runc cannot run inside this sandbox).
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.attribute.PosixFilePermissions
import java.security.MessageDigest

def itName = 'build-static-hello'
def artifactId = 'build-static-hello'
def version = '1.0'
def isCi = binding.hasVariable('ci') && String.valueOf(ci) == 'true'

def run = evaluate(new File(itSupport, 'run.groovy'))     // run(cmd, [dir:, env:, timeout:]) -> [exitCode, output]
def missingTools = { List tools -> tools.findAll { run(['sh', '-c', 'command -v "$0"', it])[0] != 0 } }
// true when everything is there; otherwise fails under CI, or reports the skip by name
def haveTools = { List tools ->
    def missing = missingTools(tools)
    if (!missing) return true
    if (isCi) throw new AssertionError("${itName}: required tool not installed: ${missing.join(', ')}")
    println "SKIPPED ${itName}: ${missing.join(', ')} not installed"
    false
}
def sha256 = { File f ->
    def md = MessageDigest.getInstance('SHA-256')
    f.eachByte(1 << 16) { byte[] b, int n -> md.update(b, 0, n) }
    md.digest().encodeHex().toString()
}
def json = { File f -> assert f.isFile(): "missing ${f}"; new JsonSlurper().parse(f) }

File target = new File(basedir, 'target')
File tar = new File(target, "${artifactId}-${version}-image.tar")
File digestFile = new File(target, 'zeroimage/image-digest')
File imageJson = new File(target, 'zeroimage/image.json')
File buildLog = new File(basedir, 'build.log')
String ref = "${artifactId}:${version}"
List expectedCmd = ['--name', 'two words']

// ---- plugin outputs, no external tool needed ----
assert tar.isFile() && tar.length() > 0: "image archive not written: ${tar}"
assert digestFile.isFile(): "missing ${digestFile}"
String digest = digestFile.getText('UTF-8').trim()
assert digest ==~ /sha256:[0-9a-f]{64}/: "image-digest is not a sha256 digest: '${digest}'"

def info = json(imageJson)
assert info.image == ref: "image.json image: ${info.image}"
assert info.manifestDigest == digest: "image.json manifestDigest ${info.manifestDigest} != image-digest ${digest}"
assert info.configDigest ==~ /sha256:[0-9a-f]{64}/: "image.json configDigest: ${info.configDigest}"
assert info.platform == 'linux/amd64': "image.json platform: ${info.platform}"
assert info.layers instanceof List && !info.layers.isEmpty(): "image.json layers: ${info.layers}"
info.layers.each { l -> assert l.mediaType && l.digest ==~ /sha256:[0-9a-f]{64}/ && l.size instanceof Number: "bad layer ${l}" }
assert new File(info.outputFile as String).canonicalFile == tar.canonicalFile: "image.json outputFile: ${info.outputFile}"

// attached with classifier 'image', type 'tar': the install phase copied it to the IT local repository
String log = buildLog.getText('UTF-8')
File installed = new File(localRepositoryPath as File, "dev/zeroimage/it/${artifactId}/${version}/${artifactId}-${version}-image.tar")
assert installed.isFile(): "attached image tar was not installed as ${installed}\n(build.log 'Installing' lines: ${log.readLines().findAll { it.contains('Installing') }})"
assert sha256(installed) == sha256(tar): "installed artifact differs from ${tar}"
assert log.contains("${artifactId}-${version}-image.tar"): "build.log never mentions the image archive"

if (!haveTools(['tar'])) return true
File work = new File(target, 'it-verify')
work.deleteDir()
File layout = new File(work, 'layout')
layout.mkdirs()
def (int tarRc, String tarOut) = run(['tar', '-xf', tar.absolutePath, '-C', layout.absolutePath])
assert tarRc == 0: "tar -xf failed: ${tarOut}"

assert json(new File(layout, 'oci-layout')).imageLayoutVersion == '1.0.0'
def index = json(new File(layout, 'index.json'))
assert index.schemaVersion == 2
assert index.manifests.size() == 1: "index.json manifests: ${index.manifests}"
def mdesc = index.manifests[0]
assert mdesc.digest == digest: "index.json digest ${mdesc.digest} != image-digest ${digest}"
assert mdesc.mediaType == 'application/vnd.oci.image.manifest.v1+json'
String refName = mdesc.annotations?.get('org.opencontainers.image.ref.name')
assert refName == ref: "index.json org.opencontainers.image.ref.name: ${refName}"

// every blob is named after its content
File blobs = new File(layout, 'blobs/sha256')
assert blobs.isDirectory(): "no blobs/sha256 in ${tar}"
def blob = { String d -> new File(blobs, d.substring('sha256:'.length())) }
blobs.listFiles().each { f -> assert sha256(f) == f.name: "blob ${f.name} has sha256 ${sha256(f)}" }
assert blob(digest).length() == (mdesc.size as long)

def manifest = json(blob(digest))
assert manifest.schemaVersion == 2
assert manifest.config.digest == info.configDigest: "manifest config ${manifest.config.digest} != image.json ${info.configDigest}"
assert manifest.config.mediaType == 'application/vnd.oci.image.config.v1+json'
assert manifest.layers.collect { [it.mediaType, it.digest, it.size as long] } ==
        info.layers.collect { [it.mediaType, it.digest, it.size as long] }: "manifest layers ${manifest.layers} != image.json ${info.layers}"
manifest.layers.each { l -> assert blob(l.digest).length() == (l.size as long): "layer ${l.digest} size" }

def config = json(blob(manifest.config.digest))
assert config.os == 'linux' && config.architecture == 'amd64': "config platform ${config.os}/${config.architecture}"
assert config.config.Entrypoint == ["/${artifactId}".toString()]: "Entrypoint ${config.config.Entrypoint}"
assert config.config.Cmd == expectedCmd: "Cmd ${config.config.Cmd}"
assert config.config.Env?.contains('GREETING=hi'): "Env ${config.config.Env}"
assert config.config.User == '65532': "User ${config.config.User}"
assert config.config.ExposedPorts?.containsKey('8080/tcp'): "ExposedPorts ${config.config.ExposedPorts}"
assert config.config.Labels?.get('org.opencontainers.image.title') == artifactId: "Labels ${config.config.Labels}"
assert config.rootfs.type == 'layers'
assert config.rootfs.diff_ids.size() == manifest.layers.size()

// the executable's entry in the layer: mode 0755, owner 0:0
def (int lsRc, String listing) = run(['tar', '--numeric-owner', '-tvf', blob(manifest.layers[0].digest).absolutePath])
assert lsRc == 0: "cannot list layer: ${listing}"
def entry = listing.readLines().find { l -> ['/', ' '].any { l.endsWith(it + artifactId) } }
assert entry != null: "executable not in layer:\n${listing}"
assert entry ==~ /^-rwxr-xr-x 0\/0\s.*/: "executable entry has wrong mode/owner: ${entry}"

// Docker-compatible manifest.json
def docker = json(new File(layout, 'manifest.json'))
assert docker instanceof List && docker.size() == 1: "manifest.json: ${docker}"
assert docker[0].RepoTags == [ref]: "manifest.json RepoTags ${docker[0].RepoTags}"
assert new File(layout, docker[0].Config as String).isFile(): "manifest.json Config ${docker[0].Config}"
docker[0].Layers.each { p -> assert new File(layout, p as String).isFile(): "manifest.json layer ${p}" }

// ---- skopeo ----
if (!haveTools(['skopeo'])) return true
def (int insRc, String insOut) = run(['skopeo', 'inspect', "oci-archive:${tar.absolutePath}"])
assert insRc == 0: "skopeo inspect failed:\n${insOut}"
def inspect = new JsonSlurper().parseText(insOut)
assert inspect.Os == 'linux' && inspect.Architecture == 'amd64': "skopeo: ${inspect.Os}/${inspect.Architecture}"
assert inspect.Digest == digest: "skopeo Digest ${inspect.Digest} != image-digest ${digest}"
assert inspect.Labels?.get('org.opencontainers.image.title') == artifactId
def (int cfgRc, String cfgOut) = run(['skopeo', 'inspect', '--config', "oci-archive:${tar.absolutePath}"])
assert cfgRc == 0: "skopeo inspect --config failed:\n${cfgOut}"
def skopeoCfg = new JsonSlurper().parseText(cfgOut).config
assert skopeoCfg.Entrypoint == ["/${artifactId}".toString()]: "skopeo Entrypoint ${skopeoCfg.Entrypoint}"
assert skopeoCfg.Cmd == expectedCmd: "skopeo Cmd ${skopeoCfg.Cmd}"
assert skopeoCfg.Env?.contains('GREETING=hi'): "skopeo Env ${skopeoCfg.Env}"

// ---- umoci: strict unpack into a runtime bundle ----
if (!haveTools(['umoci'])) return true
boolean root = run(['id', '-u'])[1].trim() == '0'
File bundle = new File(work, 'bundle')
def (int unRc, String unOut) = run(['umoci', 'unpack'] + (root ? [] : ['--rootless']) +
        ['--image', "${layout.absolutePath}:${refName}", bundle.absolutePath], [timeout: 300])
assert unRc == 0: "umoci unpack failed:\n${unOut}"
File exe = new File(bundle, "rootfs/${artifactId}")
assert exe.isFile(): "${exe} not unpacked"
assert PosixFilePermissions.toString(Files.getPosixFilePermissions(exe.toPath(), LinkOption.NOFOLLOW_LINKS)) == 'rwxr-xr-x'
if (root) {
    assert Files.getAttribute(exe.toPath(), 'unix:uid') == 0 && Files.getAttribute(exe.toPath(), 'unix:gid') == 0
}

// ---- run it ----
File bundleConfig = new File(bundle, 'config.json')
def runtime = json(bundleConfig)
runtime.process.terminal = false
bundleConfig.setText(JsonOutput.prettyPrint(JsonOutput.toJson(runtime)), 'UTF-8')
def checkOutput = { String how, String out ->
    ['Hello from zeroimage', 'argv[1]=--name', 'argv[2]=two words', 'GREETING=hi'].each { want ->
        assert out.contains(want): "${how}: output lacks '${want}':\n${out}"
    }
}
String runcFailure = 'runc not installed'
if (!missingTools(['runc'])) {
    String id = "${itName}-${System.nanoTime()}"
    try {
        def (int rc, String out) = run(['runc', 'run', '--bundle', bundle.absolutePath, id], [timeout: 120])
        if (rc == 0) {
            checkOutput('runc run', out)
            println "${itName}: ran in runc:\n${out}"
            return true
        }
        runcFailure = "runc run exited ${rc}:\n${out}"
    } finally {
        run(['runc', 'delete', '-f', id], [timeout: 30])
    }
}
// runc cannot run here (e.g. no namespaces/cgroups in this sandbox): run the same process with chroot
println "${itName}: ${runcFailure}\n${itName}: falling back to chroot"
List args = runtime.process.args
Map env = runtime.process.env.collectEntries { String kv -> def i = kv.indexOf('='); [(kv.substring(0, i)): kv.substring(i + 1)] }
if (root) {
    if (!haveTools(['chroot'])) return true
    String userspec = "${runtime.process.user.uid}:${runtime.process.user.gid}"
    def (int rc, String out) = run(['chroot', "--userspec=${userspec}", "${bundle.absolutePath}/rootfs"] + args, [env: env, timeout: 60])
    assert rc == 0: "chroot run exited ${rc}:\n${out}"
    checkOutput('chroot', out)
} else {
    // without root neither runc nor chroot is possible: run the unpacked executable directly
    def (int rc, String out) = run(["${bundle.absolutePath}/rootfs${args[0]}"] + args.drop(1), [env: env, timeout: 60])
    assert rc == 0: "direct run exited ${rc}:\n${out}"
    checkOutput('direct run', out)
}
return true
