// push-to-auth, before the build: starts docker-registry on https://127.0.0.1:15444 with a self-signed
// certificate and an htpasswd login (_support/registry.groovy); verify.groovy stops it.
def itName = 'push-to-auth'
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, new File(basedir, 'registry'), 15444,
        [user: 'bob', password: 'Env-Pa55-for-bob'])        // the password is also in invoker.properties
registry.stopLeftover()
registry.writeConfig()
registry.start()
return true
