// Shared by the projects' selector.groovy: returns a closure that checks tools before a build.
// A missing tool skips the project by name (an error under CI), never a silent pass.
return { String itName, List<String> tools, Object ci ->
    def isCi = String.valueOf(ci) == 'true'
    def missing = tools.findAll { t -> ['sh', '-c', 'command -v "$0" >/dev/null 2>&1', t].execute().waitFor() != 0 }
    if (!missing) {
        return true
    }
    if (isCi) {
        throw new IllegalStateException("${itName}: required tool not installed: ${missing.join(', ')}")
    }
    println "SKIPPED ${itName}: ${missing.join(', ')} not installed"
    return false
}
