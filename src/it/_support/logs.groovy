// Shared build.log helpers for the verify scripts (push-tags-insecure, push-tls-settings, login-logout):
//
//   def logs = evaluate(new File(itSupport, 'logs.groovy'))
//
// Every message starts with "<itName>: ".

// invocation(itName, basedir, n): the part of build.log written by invocation n (1-based), checking that exactly
// n invocations have run so far. build.log holds every invocation; each starts with "Scanning for projects..."
def invocation = { String itName, basedir, int n ->
    List runs = new File(basedir, 'build.log').getText('UTF-8').split(/\[INFO\] Scanning for projects\.\.\./) as List
    String count = n <= 5 ? ['one', 'two', 'three', 'four', 'five'][n - 1] : "${n}"
    assert runs.size() == n + 1: "${itName}: expected ${count} Maven invocation${n == 1 ? '' : 's'} in build.log, found ${runs.size() - 1}"
    runs[n]
}

// assertNoSecrets(itName, log, [secret: 'what it is', ...]): fails naming what leaked and the line numbers
// where, never the secret itself
def assertNoSecrets = { String itName, String log, Map secrets ->
    secrets.each { secret, String what ->
        def lines = log.readLines().findIndexValues { it.contains(secret as String) }.collect { it + 1 }
        if (lines) throw new AssertionError("${itName}: build.log contains ${what} on line(s) ${lines}")
    }
}

return [invocation: invocation, assertNoSecrets: assertNoSecrets]
