// Runs before the build: the registry tools must be there (nothing is compiled).
def requireTools = evaluate(new File(itSupport, 'requireTools.groovy'))
return requireTools('check-auth', ['docker-registry', 'openssl', 'htpasswd', 'skopeo'], binding.hasVariable('ci') ? ci : null)
