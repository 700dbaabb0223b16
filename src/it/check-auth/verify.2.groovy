// check-auth, after invocation 2 (serverId=wrong-password): fails saying the password is wrong, naming
// the settings.xml server and the user, never the password.
def itName = 'check-auth'
def logs = evaluate(new File(itSupport, 'logs.groovy'))
String log = logs.invocation(itName, basedir, 2)

String failure = log.readLines().find { it.contains('Failed to execute goal dev.zeroimage:zeroimage-maven-plugin:') }
assert failure != null && failure.contains(':check-auth '): "${itName}: zeroimage:check-auth did not fail:\n${log}"
assert failure.contains('Cannot push to 127.0.0.1:15447/demo/check:1'): "${itName}: the failure does not name the image: ${failure}"
assert failure.contains('wrong username or password'): "${itName}: the failure does not give the reason: ${failure}"
assert failure.contains("settings.xml server 'wrong-password' (user alice)"): "${itName}: the failure does not name the source: ${failure}"
new File(basedir, 'registry/checked-2').text = ''
return true
