// jib-style-from-auth: the second build pulled the base that the first pushed, logging in with
// <from><auth>: the app image's layers are the base's layers plus the executable's, and the log says where
// the credentials came from. Always stops the registry that setup.groovy started.
import groovy.json.JsonSlurper

def itName = 'jib-style-from-auth'
String password = 'Jib-Pa55-for-carol'        // as in setup.groovy and invoker.properties
String baseRef = '127.0.0.1:15491/jib/base:1'
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, new File(basedir, 'registry'), 15491,
        [user: 'carol', password: password])
def logs = evaluate(new File(itSupport, 'logs.groovy'))
try {
    String app = logs.invocation(itName, basedir, 2)
    String all = new File(basedir, 'build.log').getText('UTF-8')
    logs.assertNoSecrets(itName, all, [(password): 'the plain password'])
    assert all.contains("Pushed ${baseRef}"): "${itName}: the first build did not push the base with <to><image>"
    assert app.contains('Using credentials for 127.0.0.1:15491 from plugin configuration <fromAuth>'):
            "${itName}: the base was not pulled with <from><auth>:\n" +
            app.readLines().findAll { it.contains('credentials') || it.contains('ERROR') }.join('\n')

    def base = registry.inspect(baseRef)
    def info = new JsonSlurper().parse(new File(basedir, 'target/zeroimage/image.json'))
    assert info.image == 'jib-style-from-auth:1.0': "${itName}: <to><image> gave ${info.image}"
    List appLayers = info.layers*.digest
    assert appLayers.size() == base.Layers.size() + 1 && appLayers.take(base.Layers.size()) == base.Layers:
            "${itName}: the app's layers ${appLayers} do not start with the base's ${base.Layers}"
} finally {
    registry.stop()
}
return true
