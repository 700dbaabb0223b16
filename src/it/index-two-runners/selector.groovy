// Runs before the build: the tools needed to produce the executables under test must be there.
def requireTools = evaluate(new File(itSupport, 'requireTools.groovy'))
return requireTools('index-two-runners', ['sh', 'gcc', 'aarch64-linux-gnu-gcc', 'docker-registry'], binding.hasVariable('ci') ? ci : null)
