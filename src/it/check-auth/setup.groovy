// check-auth, before the invocations: starts docker-registry on https://127.0.0.1:15447 with a self-signed
// certificate and an htpasswd (bcrypt) login, and writes registry/check-auth-settings.xml: the ITs'
// repository profile plus <server id="127.0.0.1:15447"> with alice's password and <server id="wrong-password">
// with another one, and an empty registry/docker-config (the builds' DOCKER_CONFIG, so ~/.docker is never read).
// The registry handling is shared: _support/registry.groovy; verify.groovy stops it.
def itName = 'check-auth'
int port = 15447
String user = 'alice'
String password = 'Check-Pa55-for-alice'       // also in verify.groovy
String wrongPassword = 'not-alices-password'   // also in verify.groovy

File regDir = new File(basedir, 'registry')
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, regDir, port, [user: user, password: password])
registry.stopLeftover()
registry.writeConfig()
new File(regDir, 'docker-config').mkdirs()
regDir.eachFileMatch(~/checked-\d+/) { it.delete() }

// The profile is the one of src/it/settings.xml; invoker replaces @localRepositoryUrl@ when it uses the file.
new File(regDir, "${itName}-settings.xml").text = """\
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by ${itName}/setup.groovy. -->
<settings>
  <servers>
    <server>
      <id>127.0.0.1:${port}</id>
      <username>${user}</username>
      <password>${password}</password>
    </server>
    <server>
      <id>wrong-password</id>
      <username>${user}</username>
      <password>${wrongPassword}</password>
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
registry.start()
return true
