// login-logout, after invocation 5 (zeroimage:logout again): nothing to remove, said so, file untouched.
def itName = 'login-logout'
String host = '127.0.0.1:15442'
File regDir = new File(basedir, 'registry')
File dockerConfig = new File(basedir, 'docker-config/config.json')

def logs = evaluate(new File(itSupport, 'logs.groovy'))

String log = logs.invocation(itName, basedir, 5)
assert log.contains("There was no login for ${host} in "): "${itName}: the second logout does not say there was nothing to remove:\n${log}"
assert dockerConfig.bytes == new File(regDir, 'config.json.after-logout').bytes: "${itName}: the second logout changed ${dockerConfig}"
new File(regDir, 'checked-5').text = ''
return true
