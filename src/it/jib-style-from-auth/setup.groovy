// jib-style-from-auth, before the builds: docker-registry on https://127.0.0.1:15491 with a self-signed
// certificate and an htpasswd login (_support/registry.groovy); verify.groovy stops it.
def itName = 'jib-style-from-auth'
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, new File(basedir, 'registry'), 15491,
        [user: 'carol', password: 'Jib-Pa55-for-carol'])      // the password is also in invoker.properties
registry.stopLeftover()
registry.writeConfig()
registry.start()
return true
