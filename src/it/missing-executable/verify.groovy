// missing-executable: no executable anywhere; zeroimage fails and says what it tried.
def itName = 'missing-executable'
File target = new File(basedir, 'target')
String log = new File(basedir, 'build.log').getText('UTF-8')

// the failure message: from Maven's summary line up to its '-> [Help 1]' (it may span lines)
String marker = 'Failed to execute goal dev.zeroimage:zeroimage-maven-plugin:'
int from = log.indexOf(marker)
int to = log.indexOf('-> [Help 1]', from)
assert from >= 0: "${itName}: the build did not fail in zeroimage-maven-plugin"
String errors = log.substring(from, to < 0 ? log.length() : to)
String defaultPath = new File(target, itName).absolutePath
assert errors.contains(defaultPath) || errors.contains('target/missing-executable') || errors.toLowerCase().contains('tried'):
        "${itName}: the error does not list what was tried (expected ${defaultPath}):\n${errors}"

def tars = []
if (target.isDirectory()) target.eachFileRecurse { f -> if (f.name.endsWith('.tar')) tars << f }
assert tars.isEmpty(): "${itName}: image archive left behind: ${tars}"
return true
