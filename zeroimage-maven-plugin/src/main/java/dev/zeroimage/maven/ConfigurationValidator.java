package dev.zeroimage.maven;

import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.codehaus.plexus.util.xml.Xpp3Dom;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maven 3.8 silently ignores a misspelled parameter ({@code <argss>}), which would build an image
 * other than the one asked for. This fails the build instead, naming the unknown parameter.
 */
final class ConfigurationValidator {
    private ConfigurationValidator() {
    }

    static void rejectUnknownParameters(MojoExecution execution) throws MojoFailureException {
        if (execution == null || execution.getConfiguration() == null) {
            return;
        }
        MojoDescriptor descriptor = execution.getMojoDescriptor();
        // Plugin-level configuration is shared by all goals, so a name is unknown only if no goal has it.
        Set<String> known = new TreeSet<>();
        for (MojoDescriptor mojo : descriptor.getPluginDescriptor().getMojos()) {
            for (Parameter parameter : mojo.getParameters() == null ? List.<Parameter>of() : mojo.getParameters()) {
                known.add(parameter.getName());
                if (parameter.getAlias() != null) {
                    known.add(parameter.getAlias());
                }
            }
        }
        List<String> unknown = new ArrayList<>();
        for (Xpp3Dom child : execution.getConfiguration().getChildren()) {
            if (!known.contains(child.getName())) {
                unknown.add(child.getName());
            }
        }
        if (!unknown.isEmpty()) {
            throw new MojoFailureException("Unknown configuration parameter" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + " for zeroimage:" + descriptor.getGoal()
                    + " (check the spelling). Known parameters: " + String.join(", ", known));
        }
    }
}
