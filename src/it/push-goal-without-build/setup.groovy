// push-goal-without-build, before the build: an image tar as an earlier `mvn package` would have left it
// in target/. zeroimage:push must not push it: only what zeroimage:build attached in the same invocation.
File stale = new File(basedir, 'target/push-goal-without-build-1.0-image.tar')
stale.parentFile.mkdirs()
stale.text = 'left by an earlier build, never to be pushed\n'
return true
