// push-secrets-under-x: five mvn -X pushes, one per credential source, each through a front that refused the
// whole layer (413 early) so it went as chunked PATCH uploads carrying the credentials. Neither the password,
// its base64 form nor the Bearer token may appear anywhere in build.log, and the log stays small.
// Always stops the registry and the fronts that setup.groovy started.
def itName = 'push-secrets-under-x'
String password = 'Sec-Pa55-under-X-7f3a'       // as in setup.groovy and invoker.properties
File work = new File(basedir, 'work')
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, new File(work, 'registry'), 15461)
def logs = evaluate(new File(itSupport, 'logs.groovy'))
def fronts = System.properties.get('zeroimage.it.fronts')
try {
    File buildLog = new File(basedir, 'build.log')
    String log = buildLog.getText('UTF-8')
    String token = new File(work, 'token.txt').text.trim()
    logs.assertNoSecrets(itName, log, [
            (password)                                            : 'the plain password',
            ("carol:${password}".bytes.encodeBase64().toString()): 'the base64 of carol:<password>',
            (token)                                               : 'the Bearer token'])
    assert buildLog.length() < 2 * 1024 * 1024: "${itName}: build.log is ${buildLog.length()} bytes (a wire log?)"

    def sources = [
            settings: ['127.0.0.1:15462', "settings.xml server 'it-basic'"],
            auths   : ['127.0.0.1:15462', 'auths'],
            helper  : ['127.0.0.1:15462', 'credHelpers (docker-credential-itsecret)'],
            env     : ['127.0.0.1:15462', 'plugin configuration <auth>'],
            bearer  : ['127.0.0.1:15463', "settings.xml server 'it-bearer'"]]
    sources.eachWithIndex { name, hostAndSource, int index ->
        def runs = log.split(/\[INFO\] Scanning for projects\.\.\./) as List
        assert runs.size() == 6: "${itName}: expected five Maven invocations in build.log, found ${runs.size() - 1}"
        String run = runs[index + 1]
        String host = hostAndSource[0]
        assert run.contains('[DEBUG]'): "${itName}: invocation ${index + 1} did not run with -X"
        assert run.contains("Using credentials for ${host} from ") && run.readLines().any {
            it.contains("Using credentials for ${host} from ") && it.contains(hostAndSource[1])
        }: "${itName}: invocation ${index + 1} did not use ${hostAndSource[1]}"
        assert run.contains("Pushed ${host}/secrets/${name}:1 ("): "${itName}: invocation ${index + 1} pushed nothing"
        assert run.contains('BUILD SUCCESS'): "${itName}: invocation ${index + 1} failed"
    }
    def basic = fronts[0].counts
    def bearer = fronts[1].counts
    // Every push had its layer refused whole and sent in chunks; the Bearer front issued tokens.
    assert (basic['413']?.get() ?: 0) >= 4 * 4: "${itName}: the Basic front refused ${basic['413']} bodies"
    assert (basic['PATCH']?.get() ?: 0) >= 4 * 4: "${itName}: the Basic front saw ${basic['PATCH']} PATCHes"
    assert (bearer['PATCH']?.get() ?: 0) >= 4: "${itName}: the Bearer front saw ${bearer['PATCH']} PATCHes"
    assert (bearer['token']?.get() ?: 0) >= 1: "${itName}: no token was fetched"
} finally {
    if (fronts) fronts.each { it.close() }
    System.properties.remove('zeroimage.it.fronts')
    registry.stop()
}
return true
