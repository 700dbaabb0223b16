// push-goal-without-build: zeroimage:push without zeroimage:build in the same invocation fails with
// "There is no image to push", explaining how to run it; no registry is contacted and nothing is recorded.
def itName = 'push-goal-without-build'
String log = new File(basedir, 'build.log').getText('UTF-8')

String failure = log.readLines().find { it.contains('Failed to execute goal dev.zeroimage:zeroimage-maven-plugin:') }
assert failure != null && failure.contains(':push '): "${itName}: zeroimage:push did not fail:\n${log}"
['no image to push', "classifier 'image'", 'zeroimage:build'].each { want ->
    assert failure.contains(want): "${itName}: the failure does not mention '${want}': ${failure}"
}
['Pushed ', 'Using credentials', 'No credentials found', 'Cannot reach registry'].each { unwanted ->
    assert !log.contains(unwanted): "${itName}: build.log mentions '${unwanted}': no registry should have been contacted"
}
assert !new File(basedir, 'target/zeroimage/image.json').exists(): "${itName}: image.json written although nothing was pushed"
assert !new File(basedir, 'target/zeroimage/image-digest').exists(): "${itName}: image-digest written although nothing was pushed"
return true
