package dev.zeroimage.maven;

import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maven 3.8 silently drops a misspelled parameter ({@code <argss>}), which would build an image other
 * than the one asked for. This reads the configuration as written in the POM (plugin level and this
 * execution) and fails the build, naming any parameter that no goal of the plugin has.
 */
final class ConfigurationValidator {
    private ConfigurationValidator() {
    }

    static void rejectUnknownParameters(MojoExecution execution, MavenProject project) throws MojoFailureException {
        if (execution == null || project == null) {
            return;
        }
        MojoDescriptor descriptor = execution.getMojoDescriptor();
        Plugin plugin = project.getPlugin(descriptor.getPluginDescriptor().getPluginLookupKey());
        if (plugin == null) {
            return;
        }
        List<Xpp3Dom> written = new ArrayList<>();
        if (plugin.getConfiguration() instanceof Xpp3Dom pluginLevel) {
            written.add(pluginLevel);
        }
        for (PluginExecution pomExecution : plugin.getExecutions()) {
            if (pomExecution.getId().equals(execution.getExecutionId())
                    && pomExecution.getConfiguration() instanceof Xpp3Dom executionLevel) {
                written.add(executionLevel);
            }
        }
        Set<String> known = knownParameters(descriptor);
        Set<String> unknown = new TreeSet<>();
        for (Xpp3Dom configuration : written) {
            for (Xpp3Dom child : configuration.getChildren()) {
                if (!known.contains(child.getName())) {
                    unknown.add(child.getName());
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new MojoFailureException("Unknown configuration parameter" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + " for zeroimage:" + descriptor.getGoal()
                    + " (check the spelling). Known parameters: " + String.join(", ", known));
        }
    }

    /** Plugin-level configuration is shared by all goals, so a name is unknown only if no goal has it. */
    private static Set<String> knownParameters(MojoDescriptor descriptor) {
        Set<String> known = new TreeSet<>();
        for (MojoDescriptor mojo : descriptor.getPluginDescriptor().getMojos()) {
            for (Parameter parameter : mojo.getParameters() == null ? List.<Parameter>of() : mojo.getParameters()) {
                known.add(parameter.getName());
                if (parameter.getAlias() != null) {
                    known.add(parameter.getAlias());
                }
            }
        }
        return known;
    }
}
