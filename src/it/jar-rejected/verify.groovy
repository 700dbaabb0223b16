// jar-rejected: the jar was built, then zeroimage refused it as an executable, saying what it is.
def itName = 'jar-rejected'
File target = new File(basedir, 'target')
String log = new File(basedir, 'build.log').getText('UTF-8')

assert new File(target, 'jar-rejected-1.0.jar').isFile(): "${itName}: the jar was not built, so the failure is not the one under test"
assert log.contains('Failed to execute goal dev.zeroimage:zeroimage-maven-plugin:'):
        "${itName}: the build did not fail in zeroimage-maven-plugin"
assert log.contains('Java archive'): "${itName}: build.log does not say the executable is a Java archive"

def tars = []
target.eachFileRecurse { f -> if (f.name.endsWith('.tar')) tars << f }
assert tars.isEmpty(): "${itName}: image archive left behind: ${tars}"
assert !new File(target, 'zeroimage/image-digest').exists(): "${itName}: image-digest written for a failed build"
return true
