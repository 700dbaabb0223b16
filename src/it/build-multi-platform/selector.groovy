// Runs before the build: the tools needed to produce the executables and to check the result.
def requireTools = evaluate(new File(itSupport, 'requireTools.groovy'))
return requireTools('build-multi-platform', ['sh', 'gcc', 'aarch64-linux-gnu-gcc', 'docker-registry', 'skopeo', 'openssl'],
        binding.hasVariable('ci') ? ci : null)
