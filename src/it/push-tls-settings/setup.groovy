// push-tls-settings, before the build: starts docker-registry on https://127.0.0.1:15443 with a
// self-signed certificate (IP SAN 127.0.0.1) and an htpasswd (bcrypt) login, and writes what the build
// uses: registry/certs/ca.crt (caCertificates), registry/settings-security.xml (master password, from
// mvn --encrypt-master-password) and registry/push-tls-settings-settings.xml: the ITs' repository
// profile plus <server id="127.0.0.1:15443"> with alice's password encrypted by mvn --encrypt-password.
// Everything lives in registry/ (target/ is cleaned); verify.groovy stops the registry.
// The registry handling is shared: _support/registry.groovy.
// Nothing here prints the password: hook output goes to build.log, which must never contain it.

def itName = 'push-tls-settings'
int port = 15443
String user = 'alice'
String password = 'Tls-Pa55-for-alice'          // also in verify.groovy
String masterPassword = 'it-master-password'

def run = evaluate(new File(itSupport, 'run.groovy'))     // run(cmd, [dir: File, timeout: seconds]) -> [exitCode, output]

File regDir = new File(basedir, 'registry')
File securityFile = new File(regDir, 'settings-security.xml')
File settingsFile = new File(regDir, "${itName}-settings.xml")
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, regDir, port, [user: user, password: password])

// ---- a registry left running by a crashed earlier run; the port must be free ----
registry.stopLeftover()

// ---- fresh registry files: certificate, htpasswd, config.yml ----
registry.writeConfig()

// ---- settings-security.xml and settings.xml, encrypted by the Maven that runs the ITs ----
String mavenHome = System.getProperty('maven.home')
String mvn = mavenHome && new File(mavenHome, 'bin/mvn').canExecute() ? new File(mavenHome, 'bin/mvn').path : 'mvn'
def encrypted = { List args, String what ->
    def (int rc, String out) = run([mvn, '-B'] + args, [dir: regDir])
    def m = out =~ /\{[A-Za-z0-9+\/=]+\}/
    if (rc != 0 || !m.find()) throw new IllegalStateException("${itName}: mvn ${what} failed (exit ${rc})")
    m.group()
}
String master = encrypted(['--encrypt-master-password', masterPassword], '--encrypt-master-password')
securityFile.text = """\
<?xml version="1.0" encoding="UTF-8"?>
<settingsSecurity>
  <master>${master}</master>
</settingsSecurity>
"""
String encryptedPassword = encrypted(['--encrypt-password', password, "-Dsettings.security=${securityFile.absolutePath}"],
        '--encrypt-password')
// The profile is the one of src/it/settings.xml; invoker replaces @localRepositoryUrl@ when it uses the file.
settingsFile.text = """\
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by ${itName}/setup.groovy: the login for the IT registry, plus the profile of src/it/settings.xml. -->
<settings>
  <servers>
    <server>
      <id>127.0.0.1:${port}</id>
      <username>${user}</username>
      <password>${encryptedPassword}</password>
    </server>
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
if (settingsFile.text.contains(password)) throw new IllegalStateException("${itName}: the password was not encrypted")

// ---- start the registry and wait (at most 10 s) until /v2/ answers over TLS with our certificate ----
registry.start()
return true
