// login-logout, after invocation 5 (zeroimage:logout again): nothing to remove, said so, file untouched.
def itName = 'login-logout'
String host = '127.0.0.1:15442'
File regDir = new File(basedir, 'registry')
File dockerConfig = new File(basedir, 'docker-config/config.json')

List runs = new File(basedir, 'build.log').getText('UTF-8').split(/\[INFO\] Scanning for projects\.\.\./) as List
assert runs.size() == 6: "${itName}: expected five Maven invocations in build.log, found ${runs.size() - 1}"
String log = runs[5]
assert log.contains("There was no login for ${host} in "): "${itName}: the second logout does not say there was nothing to remove:\n${log}"
assert dockerConfig.bytes == new File(regDir, 'config.json.after-logout').bytes: "${itName}: the second logout changed ${dockerConfig}"
new File(regDir, 'checked-5').text = ''
return true
