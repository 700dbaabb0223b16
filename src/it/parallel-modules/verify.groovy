// parallel-modules: under mvn -T 2 with two modules, zeroimage's lines (summary, SBOM) start with the
// module's artifactId, and no unprefixed summary line is left.
def itName = 'parallel-modules'
String log = new File(basedir, 'build.log').getText('UTF-8')
['module-a', 'module-b'].each { module ->
    assert log.contains("[INFO] [${module}] Built image ${module}:1.0 (linux/amd64) sha256:"):
            "${itName}: no '[${module}] Built image' line:\n${log.readLines().findAll { it.contains('Built image') }.join('\n')}"
    assert log.contains("[INFO] [${module}] SBOM written to "): "${itName}: the SBOM line of ${module} has no prefix"
}
assert !(log =~ /(?m)^\[INFO\] Built image /): "${itName}: a summary line without its module"
return true
