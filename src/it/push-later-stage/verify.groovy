// push-later-stage, at the end: the second invocation (zeroimage:push alone) pushed the tar the first one
// (mvn package) wrote, under -Dzeroimage.image's reference and the POM's tag, not -Dzeroimage.tags'; the
// registry holds the tar's manifest digest; the third (-o) failed saying pushing needs the network.
// Always stops the registry that setup.groovy started.
import groovy.json.JsonSlurper

def itName = 'push-later-stage'
String base = '127.0.0.1:15500/demo/stages'
File regDir = new File(basedir, 'registry')
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, regDir, 15500)
def logs = evaluate(new File(itSupport, 'logs.groovy'))
def run = evaluate(new File(itSupport, 'run.groovy'))

try {
    String third = logs.invocation(itName, basedir, 3)
    List runs = new File(basedir, 'build.log').getText('UTF-8').split(/\[INFO\] Scanning for projects\.\.\./) as List
    String first = runs[1]
    String second = runs[2]
    assert first.contains('Built image '): "${itName}: mvn package built no image"
    assert !first.contains('Pushed '): "${itName}: mvn package pushed"

    File tar = new File(basedir, 'target/push-later-stage-1.0-image.tar')
    assert tar.isFile(): "${itName}: no ${tar}"
    def (int rc, String indexJson) = run(['tar', '-xOf', tar.absolutePath, 'index.json'])
    assert rc == 0: "${itName}: tar -xOf index.json failed: ${indexJson}"
    String tarDigest = new JsonSlurper().parseText(indexJson).manifests[0].digest

    assert second.contains("Pushing ${tar}, written by an earlier build"):
            "${itName}: zeroimage:push does not say which tar it pushes:\n${second}"
    String pushed = "Pushed ${base}:ci, ${base}:pom-tag (${tarDigest})"
    assert second.contains(pushed): "${itName}: expected '${pushed}' in the second invocation:\n" +
            second.readLines().findAll { it.contains('Pushed') || it.contains('ERROR') || it.contains('WARN') }.join('\n')
    assert !second.contains('Not pushing'): "${itName}: the SBOM of the same build was not pushed"

    ['ci', 'pom-tag'].each { tag ->
        assert registry.inspect("${base}:${tag}").Digest == tarDigest: "${itName}: ${base}:${tag} is not the tar's manifest"
    }
    // -o: fails before reading the tar or contacting the registry, saying why
    String offline = third.readLines().find { it.contains('Failed to execute goal dev.zeroimage:zeroimage-maven-plugin:') }
    assert offline != null && offline.contains('Pushing to 127.0.0.1:15500 needs the network, but Maven is offline (-o): drop -o to push.'):
            "${itName}: the offline push does not say that pushing needs the network: ${offline}"
    assert !offline.contains('cached'): "${itName}: the offline push talks about the cache: ${offline}"
    assert !third.contains('Pushing /'): "${itName}: the offline push read the tar first"

    ['from-cli', 'pom-default'].each { tag ->
        def (int missingRc, String out) = registry.skopeo('inspect', "${base}:${tag}")
        assert missingRc != 0: "${itName}: ${base}:${tag} was pushed: -Dzeroimage.tags must not replace the POM's tags"
    }
} finally {
    registry.stop()
}
return true
