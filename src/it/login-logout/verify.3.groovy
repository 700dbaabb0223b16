// login-logout, after invocation 3 (package with push=true): the build found the login in the Docker
// config ($DOCKER_CONFIG/config.json auths), said so, and pushed; reading it changed nothing.
import groovy.json.JsonSlurper

def itName = 'login-logout'
String host = '127.0.0.1:15442'
String ref = "${host}/demo/login:1"
File regDir = new File(basedir, 'registry')
File dockerConfig = new File(basedir, 'docker-config/config.json')

def logs = evaluate(new File(itSupport, 'logs.groovy'))

String log = logs.invocation(itName, basedir, 3)
def source = log =~ /Using credentials for ${java.util.regex.Pattern.quote(host)} from Docker config (\S+) auths/
assert source.find(): "${itName}: the build does not say the credentials came from the Docker config:\n" +
        log.readLines().findAll { it.contains('credentials') || it.contains('ERROR') }.join('\n')
assert new File(source.group(1)).canonicalFile == dockerConfig.canonicalFile: "${itName}: credentials read from ${source.group(1)}, not ${dockerConfig}"

String digest = new File(basedir, 'target/zeroimage/image-digest').getText('UTF-8').trim()
assert log.contains("Pushed ${ref} (${digest})"): "${itName}: no 'Pushed ${ref} (${digest})' line:\n" +
        log.readLines().findAll { it.contains('Pushed') || it.contains('ERROR') }.join('\n')
def info = new JsonSlurper().parse(new File(basedir, 'target/zeroimage/image.json'))
assert info.pushed == [ref]: "${itName}: image.json pushed ${info.pushed}"
assert info.manifestDigest == digest: "${itName}: image.json manifestDigest ${info.manifestDigest} != image-digest ${digest}"

assert dockerConfig.bytes == new File(regDir, 'config.json.after-login').bytes: "${itName}: the build changed ${dockerConfig}"
new File(regDir, 'checked-3').text = ''
return true
