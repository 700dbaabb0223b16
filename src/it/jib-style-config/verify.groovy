// jib-style-config: the image built from Jib's spelling alone carries every container setting (read
// from the tar's config blob), uses the static base, has Docker media types, and was pushed under
// to/image and to/tags to the plain-HTTP registry that allowInsecureRegistries let it reach (skopeo
// sees the same digest and config). Always stops the registry that setup.groovy started.
import groovy.json.JsonSlurper

def itName = 'jib-style-config'
String base = '127.0.0.1:15490/jib/style'
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, new File(basedir, 'registry'), 15490)
def run = evaluate(new File(itSupport, 'run.groovy'))
def json = { File f -> assert f.isFile(): "${itName}: missing ${f}"; new JsonSlurper().parse(f) }

try {
    File target = new File(basedir, 'target')
    File tar = new File(target, 'jib-style-config-1.0-image.tar')
    String digest = new File(target, 'zeroimage/image-digest').getText('UTF-8').trim()
    String log = new File(basedir, 'build.log').getText('UTF-8')
    assert log.contains("Pushed ${base}:1.0, ${base}:latest (${digest})"): "${itName}: no 'Pushed' line for to/image and to/tags:\n" +
            log.readLines().findAll { it.contains('Pushed') || it.contains('ERROR') }.join('\n')

    // ---- the tar: manifest and config blobs ----
    File layout = new File(target, 'it-verify')
    layout.deleteDir()
    layout.mkdirs()
    def (int tarRc, String tarOut) = run(['tar', '-xf', tar.absolutePath, '-C', layout.absolutePath])
    assert tarRc == 0: "${itName}: tar -xf failed: ${tarOut}"
    def blob = { String d -> new File(layout, "blobs/sha256/${d.substring('sha256:'.length())}") }
    def index = json(new File(layout, 'index.json'))
    assert index.manifests*.digest == [digest]: "${itName}: index.json ${index.manifests}"
    assert index.manifests[0].mediaType == 'application/vnd.docker.distribution.manifest.v2+json':
            "${itName}: <container><format>Docker</format> gave ${index.manifests[0].mediaType}"
    assert index.manifests[0].annotations?.get('org.opencontainers.image.ref.name') == "${base}:1.0".toString()
    def manifest = json(blob(digest))
    assert manifest.config.mediaType == 'application/vnd.docker.container.image.v1+json': "${itName}: config ${manifest.config.mediaType}"
    // the static base's layer, then the executable's
    assert manifest.layers.size() == 2: "${itName}: expected the static base's layer and the executable's: ${manifest.layers}"
    def config = json(blob(manifest.config.digest))
    def c = config.config
    assert c.Entrypoint == ['/jib-style-config']: "${itName}: Entrypoint ${c.Entrypoint}"
    assert c.Cmd == ['--name', 'jib style']: "${itName}: <container><args> gave Cmd ${c.Cmd}"
    assert c.Env.contains('GREETING=hi') && c.Env.any { it.startsWith('PATH=') }: "${itName}: Env ${c.Env}"
    // the static base's own labels, and <container><labels>
    assert c.Labels.team == 'platform' && c.Labels.keySet().any { it.startsWith('dev.zeroimage.static.') }:
            "${itName}: Labels ${c.Labels}"
    assert c.ExposedPorts.keySet() == ['8080/tcp', '9000/udp', '9001/udp'] as Set: "${itName}: ExposedPorts ${c.ExposedPorts}"
    assert c.User == '65532:65532': "${itName}: User ${c.User}"
    assert c.WorkingDir == '/srv': "${itName}: WorkingDir ${c.WorkingDir}"
    assert c.Volumes.keySet() == ['/data'] as Set: "${itName}: Volumes ${c.Volumes}"
    // 2024-01-02T03:04:05+0100 is 02:04:05 UTC
    assert config.created == '2024-01-02T02:04:05Z': "${itName}: <container><creationTime> gave created ${config.created}"

    // ---- the registry: both tags, the same digest and config ----
    ['1.0', 'latest'].each { tag ->
        def inspected = registry.inspect("${base}:${tag}")
        assert inspected.Digest == digest: "${itName}: ${base}:${tag} is ${inspected.Digest}, image-digest ${digest}"
    }
    def (int cfgRc, String cfgOut) = registry.skopeo('inspect', "${base}:1.0", ['--config'])
    assert cfgRc == 0: "${itName}: skopeo inspect --config failed:\n${cfgOut}"
    def pushedConfig = new JsonSlurper().parseText(cfgOut)
    assert pushedConfig.config.User == '65532:65532' && pushedConfig.created == '2024-01-02T02:04:05Z':
            "${itName}: the pushed config differs: ${pushedConfig.config}"
} finally {
    registry.stop()
}
return true
