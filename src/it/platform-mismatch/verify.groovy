// platform-mismatch: <platform>linux/arm64</platform> on an x86-64 executable is refused by zeroimage.
def itName = 'platform-mismatch'
File target = new File(basedir, 'target')
String log = new File(basedir, 'build.log').getText('UTF-8')

assert new File(target, itName).isFile(): "${itName}: the C program was not compiled, so the failure is not the one under test"
// the failure message: from Maven's summary line up to its '-> [Help 1]' (it may span lines)
// (with the project name left out: it contains 'platform' itself)
String marker = 'Failed to execute goal dev.zeroimage:zeroimage-maven-plugin:'
int from = log.indexOf(marker)
int to = log.indexOf('-> [Help 1]', from)
assert from >= 0: "${itName}: the build did not fail in zeroimage-maven-plugin"
String errors = log.substring(from, to < 0 ? log.length() : to).replace(itName, '<project>')
assert errors.toLowerCase().contains('platform'): "${itName}: the error does not mention the platform:\n${errors}"
assert errors.contains('linux/arm64'): "${itName}: the error does not name the configured platform:\n${errors}"

def tars = []
target.eachFileRecurse { f -> if (f.name.endsWith('.tar')) tars << f }
assert tars.isEmpty(): "${itName}: image archive left behind: ${tars}"
assert !new File(target, 'zeroimage/image-digest').exists(): "${itName}: image-digest written for a failed build"
return true
