// check-auth, after invocation 3 (zeroimage.skip=true): skipped, said so, nothing asked of the registry.
def itName = 'check-auth'
def logs = evaluate(new File(itSupport, 'logs.groovy'))
String log = logs.invocation(itName, basedir, 3)
assert log.contains('zeroimage:check-auth skipped (zeroimage.skip)'): "${itName}: no skip line:\n${log}"
assert log.contains('BUILD SUCCESS'): "${itName}: invocation 3 failed:\n${log}"
assert !log.contains('OK: can push'): "${itName}: the skipped goal checked anyway:\n${log}"
new File(basedir, 'registry/checked-3').text = ''
return true
