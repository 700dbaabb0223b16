// push-tags-insecure, before the builds: starts docker-registry on plain http://127.0.0.1:15441 (no TLS,
// no login) with an empty storage, its access log in registry/access.log. Everything lives in
// registry/ (target/ is cleaned by the second build); verify.groovy stops the registry.
// The registry handling is shared: _support/registry.groovy.
def itName = 'push-tags-insecure'
int port = 15441

File regDir = new File(basedir, 'registry')
def registry = evaluate(new File(itSupport, 'registry.groovy'))(itName, regDir, port)

// ---- a registry left running by a crashed earlier run; the port must be free ----
registry.stopLeftover()

// ---- fresh registry files: the first push must find nothing there ----
registry.writeConfig()
regDir.eachFileMatch(~/access\.log\..*/) { it.delete() }

// ---- start it and wait (at most 10 s) until /v2/ answers ----
registry.start()
return true
