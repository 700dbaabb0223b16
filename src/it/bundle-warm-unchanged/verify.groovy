// bundle-warm-unchanged (issue 16): the second libraries=bundle build, with the executable, the sysroot's
// libraries and the settings as the first left them, is replayed (the tar kept, no "Bundled" line, the same
// image digest); the third, after the executable was compiled again, bundles again.
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
assert !second.contains('Bundled '): "${itName}: the warm build bundled again"
assert digestOf(built(second)) == digestOf(built(first)): "${itName}: the replay names another image"
assert new File(basedir, 'target/zeroimage/image-digest').text.trim() == digestOf(built(first))
// A real build prints the "Bundled" line (a replay only repeats the summary); the same bytes still keep the tar.
assert third.contains('Bundled '): "${itName}: a new executable was replayed:\n${third}"
return true
