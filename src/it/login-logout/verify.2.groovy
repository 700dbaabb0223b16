// login-logout, after invocation 2 (zeroimage:login with the right password from ZEROIMAGE_PASSWORD):
// the login is stored in $DOCKER_CONFIG/config.json as docker login does (auths[host].auth =
// base64(user:password)), every other key is kept as it was, and the file is now readable by its owner only.
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

def itName = 'login-logout'
String host = '127.0.0.1:15442'
String user = 'alice'
String password = 'Login-Pa55-for-alice'       // as in invoker.properties and setup.groovy
File regDir = new File(basedir, 'registry')
File dockerConfig = new File(basedir, 'docker-config/config.json')

def logs = evaluate(new File(itSupport, 'logs.groovy'))

String log = logs.invocation(itName, basedir, 2)
def stored = log =~ /Login to ${java.util.regex.Pattern.quote(host)} as ${user} succeeded; stored in (\S+)/
assert stored.find(): "${itName}: no 'Login to ${host} as ${user} succeeded' line:\n${log}"
assert new File(stored.group(1)).canonicalFile == dockerConfig.canonicalFile: "${itName}: stored in ${stored.group(1)}, not ${dockerConfig}"

def config = new JsonSlurper().parse(dockerConfig)
def seed = new JsonSlurper().parse(new File(regDir, 'config.json.seed'))
// compared without showing the secret if it differs
String auth = config.auths?.get(host)?.auth
if (auth != "${user}:${password}".bytes.encodeBase64().toString()) {
    throw new AssertionError("${itName}: auths['${host}'].auth is not base64(${user}:<password>) (entry keys: ${config.auths?.get(host)?.keySet()})")
}
assert config.auths.keySet() == (seed.auths.keySet() + host) as Set: "${itName}: auths keys ${config.auths.keySet()}"
assert config.auths['other.example'] == seed.auths['other.example']: "${itName}: the other registry's login changed"
assert config.findAll { k, v -> k != 'auths' } == seed.findAll { k, v -> k != 'auths' }:
        "${itName}: keys other than auths changed: ${config.keySet()} vs ${seed.keySet()}"
String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(dockerConfig.toPath()))
assert mode == 'rw-------': "${itName}: ${dockerConfig} holds a password but has mode ${mode}"
assert dockerConfig.parentFile.list() as List == ['config.json']: "${itName}: left in ${dockerConfig.parentFile}: ${dockerConfig.parentFile.list()}"

new File(regDir, 'config.json.after-login').bytes = dockerConfig.bytes
new File(regDir, 'checked-2').text = ''
return true
