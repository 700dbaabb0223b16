// Runs before the build: the tools needed to produce the executable and to check the result.
def requireTools = evaluate(new File(itSupport, 'requireTools.groovy'))
return requireTools('push-sbom-signed', ['sh', 'gcc', 'docker-registry', 'skopeo', 'openssl'], binding.hasVariable('ci') ? ci : null)
