// Runs before the build: the tools needed to produce the executable and run the registry must be there.
def requireTools = evaluate(new File(itSupport, 'requireTools.groovy'))
return requireTools('jib-style-from-auth', ['sh', 'gcc', 'docker-registry', 'skopeo', 'openssl', 'htpasswd'],
        binding.hasVariable('ci') ? ci : null)
