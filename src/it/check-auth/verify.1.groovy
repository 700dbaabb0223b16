// check-auth, after invocation 1: the settings.xml login can push; the image and its tag are reported OK,
// the registry saw the upload opened (POST 202) and cancelled (DELETE), and nothing was stored or built.
def itName = 'check-auth'
String ref = '127.0.0.1:15447/demo/check'
def logs = evaluate(new File(itSupport, 'logs.groovy'))
String log = logs.invocation(itName, basedir, 1)

assert log.contains("Using credentials for 127.0.0.1:15447 from settings.xml server '127.0.0.1:15447'"):
        "${itName}: the goal does not say it used the settings.xml server:\n${log}"
assert log.contains("[INFO] OK: can push to ${ref}:1"): "${itName}: no 'OK: can push to ${ref}:1':\n${log}"
assert log.contains("[INFO] OK: can push to ${ref}:latest"): "${itName}: no 'OK: can push to ${ref}:latest':\n${log}"
assert log.contains('BUILD SUCCESS'): "${itName}: invocation 1 failed:\n${log}"

File accessLog = new File(basedir, 'registry/access.log')
List lines = accessLog.readLines()
assert lines.any { it =~ /"POST \/v2\/demo\/check\/blobs\/uploads\/ HTTP\/[0-9.]+" 202 / }:
        "${itName}: the registry saw no upload opened (POST 202):\n${accessLog.text}"
assert lines.any { it =~ /"DELETE \/v2\/demo\/check\/blobs\/uploads\/\S+ HTTP\/[0-9.]+" 20\d / }:
        "${itName}: the registry saw no upload cancelled (DELETE):\n${accessLog.text}"
assert !lines.any { it =~ /"(PUT|PATCH) / }: "${itName}: the check wrote something:\n${accessLog.text}"
// Maven 4 itself keeps the project's consumer POM in target/project-local-repo; nothing else may be there.
def built = (new File(basedir, 'target').listFiles() ?: []).findAll { it.name != 'project-local-repo' }
assert built.isEmpty(): "${itName}: check-auth built something in target/: ${built}"
new File(basedir, 'registry/checked-1').text = ''
return true
