package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.IOException;

/** What every zeroimage goal shares: the project, the configuration check and the error mapping. */
abstract class AbstractZeroImageMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    protected MojoExecution mojoExecution;

    /** Where pulled base blobs and built layers are kept, shared by builds (content-addressed). */
    @Parameter(property = "zeroimage.cacheDirectory", defaultValue = "${user.home}/.cache/zeroimage")
    protected File cacheDirectory;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        ConfigurationValidator.rejectUnknownParameters(mojoExecution);
        try {
            run();
        } catch (ZeroImageException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("zeroimage:" + mojoExecution.getGoal() + " failed: " + e.getMessage(), e);
        }
    }

    protected abstract void run() throws MojoExecutionException, MojoFailureException, IOException;

    /** The build directory's {@code zeroimage/} folder, where image.json and image-digest go. */
    protected File reportDirectory() {
        return new File(project.getBuild().getDirectory(), "zeroimage");
    }
}
