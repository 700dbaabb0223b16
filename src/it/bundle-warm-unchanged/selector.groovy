// Runs before the build: gcc makes the dynamic executable under test.
def requireTools = evaluate(new File(itSupport, 'requireTools.groovy'))
return requireTools('bundle-warm-unchanged', ['sh', 'gcc'], binding.hasVariable('ci') ? ci : null)
