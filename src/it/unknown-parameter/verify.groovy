// unknown-parameter: <argss> is refused by name; <registry> (a login parameter) is not.
def itName = 'unknown-parameter'
String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('Unknown configuration parameter argss'): "${itName}: the misspelled parameter is not named:\n${log}"
assert !log.contains('parameters argss, registry') && !log.contains('parameter registry'): "${itName}: a parameter of another goal was refused"
assert !new File(basedir, 'target/zeroimage/image-digest').exists(): "${itName}: an image was built"
return true
