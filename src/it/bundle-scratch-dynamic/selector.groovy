// Runs before the build: the tools needed to produce and run the executable under test must be there.
def requireTools = evaluate(new File(itSupport, 'requireTools.groovy'))
return requireTools('bundle-scratch-dynamic', ['sh', 'gcc', 'skopeo', 'umoci', 'runc', 'tar'], binding.hasVariable('ci') ? ci : null)
