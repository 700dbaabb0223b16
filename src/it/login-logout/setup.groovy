// login-logout, before the invocations: starts docker-registry on https://127.0.0.1:15442 with a
// self-signed certificate (IP SAN 127.0.0.1) and an htpasswd (bcrypt) login, so that zeroimage:login has a
// real check to pass or fail, and seeds docker-config/config.json (the build's DOCKER_CONFIG) with keys
// that login and logout must keep: proxies, another registry's login, credHelpers for another host.
// Everything lives in registry/ and docker-config/ (target/ is cleaned); verify.groovy stops the registry.
// The registry handling is shared: _support/registry.groovy.
// Nothing here prints the password: hook output goes to build.log, which must never contain it.
import groovy.json.JsonOutput
import java.nio.file.Files
import java.nio.file.StandardCopyOption
import java.nio.file.attribute.PosixFilePermissions

def itName = 'login-logout'
int port = 15442
String user = 'alice'
String password = 'Login-Pa55-for-alice'        // also in invoker.properties and verify*.groovy

File regDir = new File(basedir, 'registry')
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, regDir, port, [user: user, password: password])

// ---- a registry left running by a crashed earlier run; the port must be free ----
registry.stopLeftover()

// ---- fresh registry files: certificate, htpasswd, config.yml ----
registry.writeConfig()

// ---- the Docker config the build uses (DOCKER_CONFIG): keys zeroimage must keep, mode 0644 ----
File dockerConfigDir = new File(basedir, 'docker-config')
dockerConfigDir.deleteDir()
dockerConfigDir.mkdirs()
File dockerConfig = new File(dockerConfigDir, 'config.json')
dockerConfig.text = JsonOutput.prettyPrint(JsonOutput.toJson([
        proxies    : [default: [httpProxy: 'http://proxy.example:3128', noProxy: '127.0.0.1,localhost']],
        auths      : ['other.example': [auth: 'bob:other-secret'.bytes.encodeBase64().toString()]],
        credHelpers: ['helper.example': 'zeroimage-it-no-such-helper'],
        psFormat   : 'table {{.ID}}\t{{.Image}}'])) + '\n'
Files.setPosixFilePermissions(dockerConfig.toPath(), PosixFilePermissions.fromString('rw-r--r--'))
// the seed, for verify.N.groovy to compare with
Files.copy(dockerConfig.toPath(), new File(regDir, 'config.json.seed').toPath(), StandardCopyOption.REPLACE_EXISTING)
regDir.eachFileMatch(~/checked-\d+/) { it.delete() }

// ---- start the registry and wait (at most 10 s) until /v2/ answers over TLS with our certificate ----
registry.start()
return true
