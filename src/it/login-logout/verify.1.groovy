// login-logout, after invocation 1 (zeroimage:login with a wrong password, expected to fail): the
// registry refused the login, the error names the registry and the user, and config.json was not touched.
import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

def itName = 'login-logout'
String host = '127.0.0.1:15442'
String wrongPassword = 'not-alices-password'   // as in invoker.properties
File regDir = new File(basedir, 'registry')
File dockerConfig = new File(basedir, 'docker-config/config.json')

def logs = evaluate(new File(itSupport, 'logs.groovy'))

String log = logs.invocation(itName, basedir, 1)
String failure = log.readLines().find { it.contains('Failed to execute goal dev.zeroimage:zeroimage-maven-plugin:') }
assert failure != null && failure.contains(':login '): "${itName}: zeroimage:login did not fail:\n${log}"
assert failure.contains("Registry ${host} denied access"): "${itName}: the failure does not say that ${host} refused the login: ${failure}"
assert failure.contains('user alice'): "${itName}: the failure does not name the user: ${failure}"
if (log.contains(wrongPassword)) throw new AssertionError("${itName}: build.log shows the (wrong) password")

// nothing written: same bytes, same mode, no temporary file beside it
assert dockerConfig.bytes == new File(regDir, 'config.json.seed').bytes: "${itName}: a failed login changed ${dockerConfig}:\n${dockerConfig.text}"
String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(dockerConfig.toPath()))
assert mode == 'rw-r--r--': "${itName}: a failed login changed the mode of ${dockerConfig} to ${mode}"
assert dockerConfig.parentFile.list() as List == ['config.json']: "${itName}: left in ${dockerConfig.parentFile}: ${dockerConfig.parentFile.list()}"

new File(regDir, 'checked-1').text = ''
return true
