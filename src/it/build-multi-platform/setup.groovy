// build-multi-platform, before the builds: starts docker-registry on plain http://127.0.0.1:15480 with an empty
// storage (files in registry/, _support/registry.groovy) and makes an unencrypted P-256 signing key with openssl.
def itName = 'build-multi-platform'
int port = 15480

def run = evaluate(new File(itSupport, 'run.groovy'))
File keys = new File(basedir, 'keys')
keys.deleteDir()
keys.mkdirs()
[
    ['openssl', 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'cosign.pem'],
    ['openssl', 'pkey', '-in', 'cosign.pem', '-pubout', '-out', 'cosign.pub'],
].each { cmd ->
    def (code, out) = run(cmd, [dir: keys])
    assert code == 0: "${itName}: ${cmd[0..1].join(' ')} failed:\n${out}"
}

File regDir = new File(basedir, 'registry')
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, regDir, port)
registry.stopLeftover()
registry.writeConfig()
registry.start()
return true
