// login-logout, after invocation 4 (zeroimage:logout): the login for the registry is gone and
// everything else in config.json is as it was seeded; the file stays readable by its owner only.
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

def itName = 'login-logout'
String host = '127.0.0.1:15442'
File regDir = new File(basedir, 'registry')
File dockerConfig = new File(basedir, 'docker-config/config.json')

def logs = evaluate(new File(itSupport, 'logs.groovy'))

String log = logs.invocation(itName, basedir, 4)
def removed = log =~ /Removed the login for ${java.util.regex.Pattern.quote(host)} from (\S+)/
assert removed.find(): "${itName}: no 'Removed the login for ${host}' line:\n${log}"
assert new File(removed.group(1)).canonicalFile == dockerConfig.canonicalFile: "${itName}: removed from ${removed.group(1)}, not ${dockerConfig}"

def config = new JsonSlurper().parse(dockerConfig)
assert !config.auths?.containsKey(host): "${itName}: ${host} is still in auths: ${config.auths?.keySet()}"
assert config == new JsonSlurper().parse(new File(regDir, 'config.json.seed')): "${itName}: after logout config.json differs from the seed:\n${dockerConfig.text}"
String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(dockerConfig.toPath()))
assert mode == 'rw-------': "${itName}: ${dockerConfig} has mode ${mode} after logout"
assert dockerConfig.parentFile.list() as List == ['config.json']: "${itName}: left in ${dockerConfig.parentFile}: ${dockerConfig.parentFile.list()}"

new File(regDir, 'config.json.after-logout').bytes = dockerConfig.bytes
new File(regDir, 'checked-4').text = ''
return true
