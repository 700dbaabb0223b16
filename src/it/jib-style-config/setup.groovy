// jib-style-config, before the build: a plain-HTTP, anonymous docker-registry on 127.0.0.1:15490 with an
// empty storage (files in registry/, shared code in _support/registry.groovy); verify.groovy stops it.
def itName = 'jib-style-config'
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, new File(basedir, 'registry'), 15490)
registry.stopLeftover()
registry.writeConfig()
registry.start()
return true
