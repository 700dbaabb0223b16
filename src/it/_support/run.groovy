// Shared by setup/verify scripts: returns run(cmd, [dir: File, timeout: seconds]) -> [exitCode (-1 on timeout),
// stdout+stderr]. Stdin is closed; a command still running after the timeout (120 s by default) is killed.
// Load with: def run = evaluate(new File(itSupport, 'run.groovy'))
import java.util.concurrent.TimeUnit

return { List cmd, Map opts = [:] ->
    def pb = new ProcessBuilder(cmd.collect { it.toString() }).redirectErrorStream(true)
    if (opts.dir) pb.directory(opts.dir as File)
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
