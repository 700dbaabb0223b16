package dev.zeroimage.maven;

import org.apache.maven.plugin.logging.Log;

/**
 * Under {@code mvn -T} the modules' lines interleave: each of ours then starts with {@code [artifactId] },
 * so a reader can tell which module's image a line is about.
 */
final class ModuleLog implements Log {
    private final Log log;
    private final String prefix;

    private ModuleLog(Log log, String module) {
        this.log = log;
        this.prefix = "[" + module + "] ";
    }

    /** {@code log} itself when the build is not parallel (or there is no module to name). */
    static Log of(Log log, boolean parallel, String module) {
        return parallel && module != null && !(log instanceof ModuleLog) ? new ModuleLog(log, module) : log;
    }

    private CharSequence prefixed(CharSequence content) {
        return prefix + (content == null ? "" : content);
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }

    @Override
    public void debug(CharSequence content) {
        log.debug(prefixed(content));
    }

    @Override
    public void debug(CharSequence content, Throwable error) {
        log.debug(prefixed(content), error);
    }

    @Override
    public void debug(Throwable error) {
        log.debug(prefixed(error.getMessage()), error);
    }

    @Override
    public boolean isInfoEnabled() {
        return log.isInfoEnabled();
    }

    @Override
    public void info(CharSequence content) {
        log.info(prefixed(content));
    }

    @Override
    public void info(CharSequence content, Throwable error) {
        log.info(prefixed(content), error);
    }

    @Override
    public void info(Throwable error) {
        log.info(prefixed(error.getMessage()), error);
    }

    @Override
    public boolean isWarnEnabled() {
        return log.isWarnEnabled();
    }

    @Override
    public void warn(CharSequence content) {
        log.warn(prefixed(content));
    }

    @Override
    public void warn(CharSequence content, Throwable error) {
        log.warn(prefixed(content), error);
    }

    @Override
    public void warn(Throwable error) {
        log.warn(prefixed(error.getMessage()), error);
    }

    @Override
    public boolean isErrorEnabled() {
        return log.isErrorEnabled();
    }

    @Override
    public void error(CharSequence content) {
        log.error(prefixed(content));
    }

    @Override
    public void error(CharSequence content, Throwable error) {
        log.error(prefixed(content), error);
    }

    @Override
    public void error(Throwable error) {
        log.error(prefixed(error.getMessage()), error);
    }
}
