// Shared by setup/verify scripts: returns run(cmd, [dir: File, env: Map, timeout: seconds]) -> [exitCode
// (-1 on timeout), stdout+stderr]. env replaces the whole environment. Stdin is closed; a command still
// running after the timeout (120 s by default) is killed.
// Load with: def run = evaluate(new File(itSupport, 'run.groovy'))
import java.util.concurrent.TimeUnit

return { List cmd, Map opts = [:] ->
    def pb = new ProcessBuilder(cmd.collect { it.toString() }).redirectErrorStream(true)
    if (opts.dir) pb.directory(opts.dir as File)
    if (opts.env != null) { pb.environment().clear(); pb.environment().putAll(opts.env as Map) }
    def p = pb.start()
    p.outputStream.close()
    def buf = new ByteArrayOutputStream()
    def pump = Thread.start { buf << p.inputStream }
    long timeout = (opts.timeout ?: 120) as long
    boolean done = p.waitFor(timeout, TimeUnit.SECONDS)
    if (!done) { p.destroyForcibly(); p.waitFor(10, TimeUnit.SECONDS) }
    pump.join(10000)
    [done ? p.exitValue() : -1, buf.toString('UTF-8') + (done ? '' : "\n[timed out after ${timeout}s]")]
}
