// Runs before the build: the tools needed to produce the executable under test must be there.
def requireTools = evaluate(new File(itSupport, 'requireTools.groovy'))
return requireTools('native-image-name', ['sh', 'gcc', 'tar'], binding.hasVariable('ci') ? ci : null)
