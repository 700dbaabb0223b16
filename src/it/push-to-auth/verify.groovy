// push-to-auth: the image was pushed with <to><auth> (password from the environment variable named by
// <passwordEnvironment>), skopeo sees the same digest, and the -X log never shows the password.
// Always stops the registry that setup.groovy started.
def itName = 'push-to-auth'
String password = 'Env-Pa55-for-bob'        // as in setup.groovy and invoker.properties
File regDir = new File(basedir, 'registry')
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, regDir, 15444, [user: 'bob', password: password])
def logs = evaluate(new File(itSupport, 'logs.groovy'))
try {
    String log = new File(basedir, 'build.log').getText('UTF-8')
    assert log.contains('[DEBUG]'): "${itName}: the build did not run with -X"
    // From zeroimage's execution on: exec-maven-plugin, which compiles the C program before it, prints
    // every environment variable at -X (the password variable included) - not ours to change.
    // Maven 3.8 prints "--- zeroimage-maven-plugin:…", 3.9 and 4 "--- zeroimage:…" (the goal prefix).
    def start = log =~ /--- zeroimage(-maven-plugin)?:/
    int ours = start.find() ? start.start() : -1
    assert ours >= 0: "${itName}: zeroimage did not run"
    logs.assertNoSecrets(itName, log.substring(ours), [
            (password)                                          : 'the plain password',
            ("bob:${password}".bytes.encodeBase64().toString()): 'the base64 of bob:<password>'])
    assert log.contains('Using credentials for 127.0.0.1:15444 from plugin configuration <auth>'):
            "${itName}: the credentials did not come from the plugin configuration"
    String digest = new File(basedir, 'target/zeroimage/image-digest').getText('UTF-8').trim()
    assert log.contains("Pushed 127.0.0.1:15444/demo/to-auth:1 (${digest})"): "${itName}: no push line for ${digest}"
    assert registry.inspect('127.0.0.1:15444/demo/to-auth:1').Digest == digest: "${itName}: the registry has another digest"
} finally {
    registry.stop()
}
return true
