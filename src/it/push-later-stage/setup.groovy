// push-later-stage, before the builds: a plain-HTTP, anonymous docker-registry on 127.0.0.1:15500 with
// empty storage (_support/registry.groovy); verify.groovy stops it.
def itName = 'push-later-stage'
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, new File(basedir, 'registry'), 15500)
registry.stopLeftover()
registry.writeConfig()
registry.start()
return true
