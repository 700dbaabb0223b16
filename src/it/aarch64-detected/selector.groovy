// Runs before the build: the tools needed to produce the executable under test must be there.
def requireTools = evaluate(new File(itSupport, 'requireTools.groovy'))
return requireTools('aarch64-detected', ['sh', 'aarch64-linux-gnu-gcc'], binding.hasVariable('ci') ? ci : null)
