// bundle-warm-unchanged (issue 16): the second libraries=bundle build, with the executable, the sysroot's
// libraries and the settings as the first left them, is replayed (the tar kept, the same "Bundled" line and
// image digest as the first printed); the third, after the executable was compiled again, is a real build.
def itName = 'bundle-warm-unchanged'
def logs = evaluate(new File(itSupport, 'logs.groovy'))
String third = logs.invocation(itName, basedir, 3)
List runs = new File(basedir, 'build.log').getText('UTF-8').split(/\[INFO\] Scanning for projects\.\.\./) as List
String first = runs[1]
String second = runs[2]

def built = { String log -> log.readLines().find { it.contains('Built image ') } }
def digestOf = { String line -> (line =~ /sha256:[0-9a-f]{64}/)[0] }

assert first.contains('Bundled ') && built(first).contains(', written to '): "${itName}: the cold build did not bundle:\n${first}"
assert built(second)?.contains('(unchanged)'): "${itName}: the warm build was not replayed: ${built(second)}"
def bundledLine = { String log -> log.readLines().find { it.contains('Bundled ') } }
assert bundledLine(second) == bundledLine(first): "${itName}: the replay did not repeat the Bundled line: ${bundledLine(second)}"
assert digestOf(built(second)) == digestOf(built(first)): "${itName}: the replay names another image"
assert new File(basedir, 'target/zeroimage/image-digest').text.trim() == digestOf(built(first))
// A replay writes nothing (no "SBOM written"); a new executable is a real build, which bundles and writes again
// (its tar, the same bytes, is still kept).
assert !second.contains('SBOM written'): "${itName}: the warm build wrote its SBOM again:\n${second}"
assert third.contains('Bundled ') && third.contains('SBOM written'): "${itName}: a new executable was replayed:\n${third}"
return true
