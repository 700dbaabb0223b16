// Runs before the build: the tools this IT needs must be there.
def requireTools = evaluate(new File(itSupport, 'requireTools.groovy'))
return requireTools('push-secrets-under-x', ['gcc', 'docker-registry', 'sh'], binding.hasVariable('ci') ? ci : null)
