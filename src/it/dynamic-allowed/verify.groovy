// dynamic-allowed: with zeroimage.allowDynamic=true the same dynamic executable gives an image.
import groovy.json.JsonSlurper

def itName = 'dynamic-allowed'
File target = new File(basedir, 'target')
File tar = new File(target, 'dynamic-allowed-1.0-image.tar')
assert tar.isFile() && tar.length() > 0: "${itName}: image archive not written: ${tar}"
File digestFile = new File(target, 'zeroimage/image-digest')
assert digestFile.isFile(): "${itName}: missing ${digestFile}"
String digest = digestFile.getText('UTF-8').trim()
assert digest ==~ /sha256:[0-9a-f]{64}/: "${itName}: image-digest is not a sha256 digest: '${digest}'"
def info = new JsonSlurper().parse(new File(target, 'zeroimage/image.json'))
assert info.manifestDigest == digest && info.platform == 'linux/amd64': "${itName}: image.json ${info}"
return true
