// push-tags-insecure, before the builds: starts docker-registry on plain http://127.0.0.1:15441 (no TLS,
// no login) with an empty storage, its access log in registry/access.log. Everything lives in
// registry/ (target/ is cleaned by the second build); verify.groovy stops the registry.
import java.util.concurrent.TimeUnit

def itName = 'push-tags-insecure'
int port = 15441

File regDir = new File(basedir, 'registry')
File config = new File(regDir, 'config.yml')
File pidFile = new File(regDir, 'registry.pid')
File accessLog = new File(regDir, 'access.log')
File registryLog = new File(regDir, 'registry.log')

// ---- a registry left running by a crashed earlier run (pid file, or any docker-registry serving this config) ----
def servesOurConfig = { long pid ->
    File cmdline = new File("/proc/${pid}/cmdline")
    if (!cmdline.isFile()) return false
    List args
    try { args = new String(cmdline.bytes, 'UTF-8').split('\u0000') as List } catch (IOException e) { return false }
    args && args[0].endsWith('docker-registry') && args.contains(config.absolutePath)
}
def stopProcess = { long pid ->
    ProcessHandle.of(pid).ifPresent { ProcessHandle ph ->
        ph.destroy()
        try {
            ph.onExit().get(5, TimeUnit.SECONDS)
        } catch (Exception e) {
            ph.destroyForcibly()
            ph.onExit().get(5, TimeUnit.SECONDS)
        }
    }
}
Set<Long> candidates = new TreeSet<>()
if (pidFile.isFile() && pidFile.text.trim() ==~ /\d+/) candidates << (pidFile.text.trim() as long)
new File('/proc').eachFile { f -> if (f.name ==~ /\d+/) candidates << (f.name as long) }
candidates.findAll { servesOurConfig(it) }.each { long pid ->
    println "${itName}: stopping the registry left by an earlier run (pid ${pid})"
    stopProcess(pid)
}
pidFile.delete()
try {
    new ServerSocket(port, 1, InetAddress.getByName('127.0.0.1')).close()
} catch (IOException e) {
    throw new IllegalStateException("${itName}: 127.0.0.1:${port} is in use by another program; this IT needs it (${e.message})")
}

// ---- fresh registry files: the first push must find nothing there ----
new File(regDir, 'data').deleteDir()
regDir.mkdirs()
regDir.eachFileMatch(~/access\.log\..*/) { it.delete() }
[accessLog, registryLog].each { it.text = '' }
config.text = """\
version: 0.1
log:
  level: info
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: ${new File(regDir, 'data').absolutePath}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${port}
"""

// ---- start it and wait (at most 10 s) until /v2/ answers ----
def pb = new ProcessBuilder('docker-registry', 'serve', config.absolutePath).directory(regDir)
pb.redirectInput(ProcessBuilder.Redirect.from(new File('/dev/null')))
pb.redirectOutput(ProcessBuilder.Redirect.appendTo(accessLog))     // access log lines
pb.redirectError(ProcessBuilder.Redirect.appendTo(registryLog))
Process registry = pb.start()
pidFile.text = "${registry.pid()}\n"

long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
String lastError = ''
while (true) {
    if (!registry.alive) {
        throw new IllegalStateException("${itName}: docker-registry exited with ${registry.exitValue()}:\n${registryLog.text}")
    }
    try {
        def conn = (HttpURLConnection) new URL("http://127.0.0.1:${port}/v2/").openConnection()
        conn.connectTimeout = 1000
        conn.readTimeout = 1000
        int code = conn.responseCode
        conn.disconnect()
        if (code == 200) break
        lastError = "HTTP ${code}"
    } catch (IOException e) {
        lastError = e.toString()
    }
    if (System.nanoTime() > deadline) {
        stopProcess(registry.pid())
        throw new IllegalStateException("${itName}: the registry did not answer on http://127.0.0.1:${port}/v2/ within 10 s: ${lastError}\n${registryLog.text}")
    }
    sleep 100
}
println "${itName}: registry running on http://127.0.0.1:${port} (pid ${registry.pid()})"
return true
