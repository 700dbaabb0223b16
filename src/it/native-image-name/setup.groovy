// native-image-name, before the build: decoys where zeroimage would look if it ignored native-maven-plugin's
// configuration: the conventional target/<artifactId> and a Quarkus-style runner. Neither is ELF.
File target = new File(basedir, 'target')
target.mkdirs()
new File(target, 'native-image-name').text = 'decoy: the conventional path, not the configured imageName\n'
new File(target, 'native-image-name-1.0-runner').text = 'decoy: a Quarkus runner\n'
return true
