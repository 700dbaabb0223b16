// Runs before the build: the C compiler is needed to produce the executable under test.
// A missing tool skips this IT by name (an error under CI), never a silent pass.
def itName = 'push-no-registry'
def tools = ['sh', 'gcc']
def isCi = binding.hasVariable('ci') && String.valueOf(ci) == 'true'
def missing = tools.findAll { t -> ['sh', '-c', 'command -v "$0" >/dev/null 2>&1', t].execute().waitFor() != 0 }
if (!missing) {
    return true
}
if (isCi) {
    throw new IllegalStateException("${itName}: required tool not installed: ${missing.join(', ')}")
}
println "SKIPPED ${itName}: ${missing.join(', ')} not installed"
return false
