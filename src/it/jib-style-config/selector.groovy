// Runs before the build: the tools needed to produce the executable and run the registry must be there.
def requireTools = evaluate(new File(itSupport, 'requireTools.groovy'))
return requireTools('jib-style-config', ['sh', 'gcc', 'docker-registry', 'skopeo'], binding.hasVariable('ci') ? ci : null)
