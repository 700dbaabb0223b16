package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.IOException;

/**
 * What every zeroimage goal shares: the project and session, the configuration check, the error
 * mapping and the cache. The hierarchy: this → {@link AbstractRegistryMojo} (login, logout) →
 * {@link AbstractImageMojo} (build, push).
 */
abstract class AbstractZeroImageMojo extends AbstractMojo {

    /** The project being built (set by Maven). */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** This goal's execution (set by Maven). */
    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    protected MojoExecution mojoExecution;

    /** The Maven session (set by Maven). */
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    /** Where pulled base blobs and built layers are kept, shared by builds (content-addressed). */
    @Parameter(property = "zeroimage.cacheDirectory", defaultValue = "${user.home}/.cache/zeroimage")
    protected File cacheDirectory;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped()) {
            return; // first, before any check: a skipped goal costs only Maven's own start of the plugin
        }
        WrittenConfiguration written = WrittenConfiguration.of(mojoExecution, project, session);
        ConfigurationValidator.rejectUnknownParameters(mojoExecution, written);
        try {
            applyJibStyleConfiguration(written);
            run();
        } catch (ZeroImageException e) {
            throw new MojoFailureException(MavenWording.of(e), e);
        } catch (IOException e) {
            throw new MojoExecutionException("zeroimage:" + mojoExecution.getGoal() + " failed: " + e.getMessage(), e);
        } finally {
            finished();
        }
    }

    /** After {@link #run()}, whatever its outcome: releases what the goal held for its whole execution. */
    protected void finished() {
    }

    /**
     * Maps Jib's spelling ({@code <to>}, {@code <from>}, {@code <container>}) onto this goal's own
     * parameters, before {@link #run()}; a value set both ways fails (see {@link JibStyleConfiguration}).
     */
    protected void applyJibStyleConfiguration(WrittenConfiguration written) {
    }

    /** True (after saying so) when the user asked to skip this goal; the registry goals cannot be skipped. */
    protected boolean skipped() {
        return false;
    }

    protected abstract void run() throws MojoExecutionException, MojoFailureException, IOException;

    /** Maven's log; under {@code mvn -T} every line names this module ({@link ModuleLog}). */
    @Override
    public Log getLog() {
        return ModuleLog.of(super.getLog(), session != null && session.isParallel(),
                project == null ? null : project.getArtifactId());
    }

    /** Batch mode (-B, CI) gets sparser progress lines than an interactive terminal. */
    protected boolean settingsInteractive() {
        return session == null || session.getSettings() == null || session.getSettings().isInteractiveMode();
    }

    protected MavenProgress progress() {
        return new MavenProgress(getLog(), settingsInteractive());
    }
}
