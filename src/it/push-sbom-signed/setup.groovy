// push-sbom-signed, before the builds: starts docker-registry on plain http://127.0.0.1:15446 with an empty
// storage (files in registry/, _support/registry.groovy) and makes the keys with openssl in keys/: the signing
// key cosign.pem (encrypted PKCS#8, as `openssl genpkey -aes256` writes it), its public key cosign.pub, and
// another key pair whose public key must refuse the signature.
def itName = 'push-sbom-signed'
int port = 15446

def run = evaluate(new File(itSupport, 'run.groovy'))
File keys = new File(basedir, 'keys')
keys.deleteDir()
keys.mkdirs()
String password = 'it-signing-password-5p7q'    // the same as ZEROIMAGE_IT_KEY_PASSWORD in invoker.properties
[
    ['openssl', 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-aes256', '-pass', "pass:${password}", '-out', 'cosign.pem'],
    ['openssl', 'pkey', '-in', 'cosign.pem', '-passin', "pass:${password}", '-pubout', '-out', 'cosign.pub'],
    ['openssl', 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'other.pem'],
    ['openssl', 'pkey', '-in', 'other.pem', '-pubout', '-out', 'other.pub'],
].each { cmd ->
    def (code, out) = run(cmd, [dir: keys])
    assert code == 0: "${itName}: ${cmd[0..1].join(' ')} failed:\n${out}"
}

File regDir = new File(basedir, 'registry')
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, regDir, port)
registry.stopLeftover()
registry.writeConfig()
regDir.eachFileMatch(~/access\.log\..*/) { it.delete() }
registry.start()
return true
