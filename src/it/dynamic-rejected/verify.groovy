// dynamic-rejected: zeroimage (not gcc or anything else) failed the build, naming the loader and the
// needed libraries and telling how to link statically; no image was left behind.
def itName = 'dynamic-rejected'
File target = new File(basedir, 'target')
String log = new File(basedir, 'build.log').getText('UTF-8')

File exe = new File(target, itName)
assert exe.isFile(): "${itName}: the C program was not compiled, so the failure is not the one under test"
assert log.contains('Failed to execute goal dev.zeroimage:zeroimage-maven-plugin:'):
        "${itName}: the build did not fail in zeroimage-maven-plugin"
['dynamically linked', '/lib64/ld-linux-x86-64.so.2', 'libc.so.6', '-static'].each { want ->
    assert log.contains(want): "${itName}: build.log does not mention '${want}'"
}

def tars = []
target.eachFileRecurse { f -> if (f.name.endsWith('.tar')) tars << f }
assert tars.isEmpty(): "${itName}: image archive left behind: ${tars}"
assert !new File(target, 'zeroimage/image-digest').exists(): "${itName}: image-digest written for a failed build"
return true
