// push-secrets-under-x, before the builds: a plain docker-registry on 127.0.0.1:15461 (_support/registry.groovy)
// behind two login-enforcing fronts with a 1 MiB body limit (front.groovy): Basic on 15462, Bearer (token
// server /token) on 15463. Writes what the five invocations use: the program (gcc -static), 3 MiB of random
// data (so the layer is refused whole and goes in chunks), a settings.xml with two servers, Docker configs
// with `auths` and with `credHelpers` (plus the helper script in bin/). Everything lives in work/ except the
// program; verify.groovy stops the registry and the fronts. Nothing here prints a secret.
import java.nio.charset.StandardCharsets
import java.security.SecureRandom

def itName = 'push-secrets-under-x'
String user = 'carol'
String password = 'Sec-Pa55-under-X-7f3a'       // also in invoker.properties and verify.groovy
byte[] tokenBytes = new byte[24]
new SecureRandom().nextBytes(tokenBytes)
String token = 'tok' + tokenBytes.encodeHex().toString()

def run = evaluate(new File(itSupport, 'run.groovy'))
File work = new File(basedir, 'work')
work.deleteDir()
work.mkdirs()
new File(work, 'token.txt').text = token        // for verify.groovy; never printed

// ---- the program and the data ----
File program = new File(basedir, 'target/push-secrets-under-x')
program.parentFile.mkdirs()
def (int gccRc, String gccOut) = run(['gcc', '-static', '-O2', '-o', program.absolutePath,
        new File(basedir, 'src/main/c/hello.c').absolutePath])
assert gccRc == 0: "${itName}: gcc failed:\n${gccOut}"
byte[] data = new byte[3 * 1024 * 1024 + 4321]
new Random(42).nextBytes(data)
new File(work, 'data.bin').bytes = data

// ---- registry and fronts ----
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, new File(work, 'registry'), 15461)
registry.stopLeftover()
registry.writeConfig()
registry.start()
def front = evaluate(new File(basedir, 'front.groovy'))
def old = System.properties.get('zeroimage.it.fronts')
if (old) old.each { it.close() }
System.properties.put('zeroimage.it.fronts', [front('basic', 15462, 15461, user, password, token),
                                              front('bearer', 15463, 15461, user, password, token)])

// ---- credentials: settings.xml servers, Docker config auths, a credential helper ----
String auth = "${user}:${password}".getBytes(StandardCharsets.UTF_8).encodeBase64().toString()
new File(work, 'docker-empty').mkdirs()
new File(work, 'docker-auths').mkdirs()
new File(work, 'docker-auths/config.json').text = """{"auths": {"127.0.0.1:15462": {"auth": "${auth}"}}}\n"""
new File(work, 'docker-helper').mkdirs()
new File(work, 'docker-helper/config.json').text = """{"credHelpers": {"127.0.0.1:15462": "itsecret"}}\n"""
File helper = new File(work, 'bin/docker-credential-itsecret')
helper.parentFile.mkdirs()
helper.text = """#!/bin/sh
read -r server
case "\$1" in
get) printf '{"ServerURL":"%s","Username":"${user}","Secret":"${password}"}\\n' "\$server" ;;
*) echo "unsupported \$1" >&2; exit 1 ;;
esac
"""
helper.setExecutable(true)
// The profile is the one of src/it/settings.xml; invoker replaces @localRepositoryUrl@ when it uses the file.
new File(work, 'settings.xml').text = """\
<?xml version="1.0" encoding="UTF-8"?>
<settings>
  <servers>
    <server><id>it-basic</id><username>${user}</username><password>${password}</password></server>
    <server><id>it-bearer</id><username>${user}</username><password>${password}</password></server>
  </servers>
  <profiles>
    <profile>
      <id>it-repo</id>
      <activation>
        <activeByDefault>true</activeByDefault>
      </activation>
      <repositories>
        <repository>
          <id>local.central</id>
          <url>@localRepositoryUrl@</url>
          <releases><enabled>true</enabled></releases>
          <snapshots><enabled>true</enabled></snapshots>
        </repository>
      </repositories>
      <pluginRepositories>
        <pluginRepository>
          <id>local.central</id>
          <url>@localRepositoryUrl@</url>
          <releases><enabled>true</enabled></releases>
          <snapshots><enabled>true</enabled></snapshots>
        </pluginRepository>
      </pluginRepositories>
    </profile>
  </profiles>
</settings>
"""
return true
