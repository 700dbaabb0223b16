// unknown-parameter: <argss> and <executabel> are refused by name with the closest real name; the list of
// parameters names only user-facing ones; <registry> (a login parameter) is accepted.
def itName = 'unknown-parameter'
String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('Unknown configuration parameters for zeroimage:build: `<argss>`: did you mean `args`? `<executabel>`: did you mean `executable`?'):
        "${itName}: the misspelled parameters are not named with a suggestion:\n${log}"
String list = log.readLines().find { it.contains('Parameters of zeroimage:build: ') }
assert list != null: "${itName}: no list of parameters:\n${log}"
assert list.contains(' executable, ') && list.contains(' args, '): "${itName}: the list lacks real parameters: ${list}"
['project', 'session', 'mojoExecution', 'outputTimestamp'].each { readOnly ->
    assert !(list =~ /[ ,]${readOnly}(,|$)/): "${itName}: the list names the read-only ${readOnly}: ${list}"
}
assert !log.contains('`<registry>`'): "${itName}: a parameter of another goal was refused"
assert !new File(basedir, 'target/zeroimage/image-digest').exists(): "${itName}: an image was built"
return true
