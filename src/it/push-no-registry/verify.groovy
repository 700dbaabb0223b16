// push-no-registry: with push=true, image 'app:1' (no registry host) fails the build in zeroimage:build,
// saying the image names no registry and how to write one, before any registry is contacted: no
// "Pushed" line, no credential lookup, and image.json records no pushed reference.
import groovy.json.JsonSlurper

def itName = 'push-no-registry'
File target = new File(basedir, 'target')
String log = new File(basedir, 'build.log').getText('UTF-8')

assert new File(target, itName).isFile(): "${itName}: the C program was not compiled, so the failure is not the one under test"
String failure = log.readLines().find { it.contains('Failed to execute goal dev.zeroimage:zeroimage-maven-plugin:') }
assert failure != null && failure.contains(':build '): "${itName}: the build did not fail in zeroimage:build:\n${log}"
['names no registry', "'app:1'", 'ghcr.io/org/app:1.0'].each { want ->
    assert failure.contains(want): "${itName}: the failure does not mention '${want}': ${failure}"
}
['Pushed ', 'Using credentials', 'No credentials found', 'Cannot reach registry', 'docker.io/library/app'].each { unwanted ->
    assert !log.contains(unwanted): "${itName}: build.log mentions '${unwanted}': nothing should have been pushed or looked up"
}
File imageJson = new File(target, 'zeroimage/image.json')
if (imageJson.isFile()) {
    def info = new JsonSlurper().parse(imageJson)
    assert !info.pushed: "${itName}: image.json records a push: ${info.pushed}"
}
return true
