// jib-style-rejected: each of the five builds failed with its own message, before any image was written.
def itName = 'jib-style-rejected'
// build.log holds the five invocations, each starting with "Scanning for projects..."
List runs = new File(basedir, 'build.log').getText('UTF-8').split(/\[INFO\] Scanning for projects\.\.\./) as List
assert runs.size() == 6: "${itName}: expected five Maven invocations in build.log, found ${runs.size() - 1}"
def expected = [
        1: ['`image` and `<to><image>` both set: keep one'],
        2: ['`auth` and `<to><auth>` both set: keep one'],
        3: ['<container><jvmFlags> is a Jib setting with no meaning here: there is no JVM in the image',
            '<container><mainClass> is a Jib setting with no meaning here: there is no JVM in the image: the native executable is the entrypoint'],
        4: ['`<extraDirectories>` is a jib-maven-plugin parameter with no meaning here: add files with extraFiles'],
        5: ['`zeroimage.from` (a property) and `<from><image>` both set: keep one'],
]
expected.each { int n, List messages ->
    String log = runs[n]
    messages.each { message ->
        assert log.contains(message): "${itName}: build ${n} does not say '${message}':\n" +
                log.readLines().findAll { it.contains('ERROR') }.join('\n')
    }
    assert log.contains('BUILD FAILURE'): "${itName}: build ${n} did not fail"
}
assert !new File(basedir, 'target/zeroimage').exists(): "${itName}: an image was built"
return true
