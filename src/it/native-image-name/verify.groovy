// native-image-name: zeroimage took the executable from native-maven-plugin's imageName/outputDirectory
// (target/native/orders-service), named it with its size in the summary line, made it the entrypoint,
// and warned about nothing (no native build ran in this invocation, so an old file is no cause).
import groovy.json.JsonSlurper

def itName = 'native-image-name'
def run = evaluate(new File(itSupport, 'run.groovy'))
String log = new File(basedir, 'build.log').getText('UTF-8')
File executable = new File(basedir, 'target/native/orders-service')

String summary = log.readLines().find { it.contains('Built image native-image-name:1.0') }
assert summary != null: "${itName}: no summary line:\n${log}"
assert summary.contains(' compressed, in '): "${itName}: the summary does not say 'compressed': ${summary}"
assert summary =~ /, from target\/native\/orders-service \([0-9.]+ kB\), written to /:
        "${itName}: the summary does not name the executable and its size: ${summary}"
assert !log.contains('was last modified at'): "${itName}: a stale-executable warning without a native build"

File tar = new File(basedir, 'target/native-image-name-1.0-image.tar')
def tarJson = { String path ->
    def (int rc, String out) = run(['tar', '-xOf', tar.absolutePath, path])
    assert rc == 0: "${itName}: tar -xOf ${path} failed: ${out}"
    new JsonSlurper().parseText(out)
}
def manifest = tarJson("blobs/sha256/${tarJson('index.json').manifests[0].digest.substring(7)}")
def config = tarJson("blobs/sha256/${manifest.config.digest.substring(7)}")
assert config.config.Entrypoint == ['/orders-service']: "${itName}: entrypoint ${config.config.Entrypoint}"
assert executable.isFile()
return true
