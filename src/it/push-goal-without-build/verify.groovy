// push-goal-without-build: zeroimage:push with neither a zeroimage:build in the same invocation nor a tar
// at outputFile from an earlier one fails with "There is no image to push", naming the file and what to
// run; no registry is contacted and nothing is recorded.
def itName = 'push-goal-without-build'
String log = new File(basedir, 'build.log').getText('UTF-8')

String failure = log.readLines().find { it.contains('Failed to execute goal dev.zeroimage:zeroimage-maven-plugin:') }
assert failure != null && failure.contains(':push '): "${itName}: zeroimage:push did not fail:\n${log}"
['no image to push', "classifier 'image'", 'zeroimage:build', 'mvn package',
 new File(basedir, 'target/push-goal-without-build-1.0-image.tar').path].each { want ->
    assert failure.contains(want): "${itName}: the failure does not mention '${want}': ${failure}"
}
['Pushed ', 'Using credentials', 'No credentials found', 'Cannot reach registry'].each { unwanted ->
    assert !log.contains(unwanted): "${itName}: build.log mentions '${unwanted}': no registry should have been contacted"
}
assert !new File(basedir, 'target/zeroimage/image.json').exists(): "${itName}: image.json written although nothing was pushed"
assert !new File(basedir, 'target/zeroimage/image-digest').exists(): "${itName}: image-digest written although nothing was pushed"
return true
