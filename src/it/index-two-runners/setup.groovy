// index-two-runners, before the builds: a plain-HTTP docker-registry on 127.0.0.1:15470 for the third
// invocation (zeroimage:push of the attached index tar); verify.groovy stops it.
def registry = evaluate(new File(itSupport, 'registry.groovy'))('index-two-runners', new File(basedir, 'registry'), 15470)
registry.stopLeftover()
registry.writeConfig()
registry.start()
return true
