// check-auth, at the end (also when an invocation failed): every per-invocation check ran, no password in
// build.log, nothing stored in the registry; always stops the registry that setup.groovy started.
def itName = 'check-auth'
String password = 'Check-Pa55-for-alice'       // as in setup.groovy
String wrongPassword = 'not-alices-password'   // as in setup.groovy
File regDir = new File(basedir, 'registry')
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, regDir, 15447, [user: 'alice', password: password])
def logs = evaluate(new File(itSupport, 'logs.groovy'))
try {
    def missing = (1..3).findAll { !new File(regDir, "checked-${it}").isFile() }
    assert !missing: "${itName}: the checks after invocation(s) ${missing} did not run (see the failures above)"
    logs.assertNoSecrets(itName, new File(basedir, 'build.log').getText('UTF-8'),
            [(password): 'the password', (wrongPassword): 'the wrong password'])
    def (int rc, String out) = registry.skopeo('inspect', '127.0.0.1:15447/demo/check:1')
    assert rc != 0: "${itName}: the check left an image in the registry:\n${out}"
    return true
} finally {
    registry.stop()
}
