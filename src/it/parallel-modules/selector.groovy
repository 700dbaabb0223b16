// Runs before the build: the tools needed to produce the executable under test must be there.
def requireTools = evaluate(new File(itSupport, 'requireTools.groovy'))
return requireTools('parallel-modules', ['sh', 'gcc'], binding.hasVariable('ci') ? ci : null)
