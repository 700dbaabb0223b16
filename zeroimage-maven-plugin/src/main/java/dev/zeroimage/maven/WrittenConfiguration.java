package dev.zeroimage.maven;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * What the user set for one goal execution: the configuration as written in the POM (plugin level and
 * this execution, before Maven adds defaults) and the user properties given. A parameter with a
 * default cannot tell by its value whether it was set; this can.
 */
final class WrittenConfiguration {
    private final List<Xpp3Dom> elements;
    private final Map<String, String> propertyOfParameter;
    private final Function<String, String> properties;

    WrittenConfiguration(List<Xpp3Dom> elements, Map<String, String> propertyOfParameter,
                         Function<String, String> properties) {
        this.elements = List.copyOf(elements);
        this.propertyOfParameter = Map.copyOf(propertyOfParameter);
        this.properties = properties;
    }

    static WrittenConfiguration none() {
        return new WrittenConfiguration(List.of(), Map.of(), name -> null);
    }

    static WrittenConfiguration of(MojoExecution execution, MavenProject project, MavenSession session) {
        if (execution == null || project == null || execution.getMojoDescriptor() == null) {
            return none();
        }
        MojoDescriptor descriptor = execution.getMojoDescriptor();
        List<Xpp3Dom> written = new ArrayList<>();
        Plugin plugin = project.getPlugin(descriptor.getPluginDescriptor().getPluginLookupKey());
        if (plugin != null) {
            if (plugin.getConfiguration() instanceof Xpp3Dom pluginLevel) {
                written.add(pluginLevel);
            }
            for (PluginExecution pomExecution : plugin.getExecutions()) {
                if (pomExecution.getId().equals(execution.getExecutionId())
                        && pomExecution.getConfiguration() instanceof Xpp3Dom executionLevel) {
                    written.add(executionLevel);
                }
            }
        }
        Map<String, String> propertyOf = new HashMap<>();
        for (Parameter parameter : descriptor.getParameters() == null ? List.<Parameter>of()
                : descriptor.getParameters()) {
            String expression = parameter.getExpression();
            if (expression != null && expression.startsWith("${") && expression.endsWith("}")) {
                propertyOf.put(parameter.getName(), expression.substring(2, expression.length() - 1));
            }
        }
        // Maven looks a parameter's property up in the user, then system properties, then the project's.
        return new WrittenConfiguration(written, propertyOf, name -> firstOf(name,
                session == null ? null : session.getUserProperties(),
                session == null ? null : session.getSystemProperties(),
                project.getProperties()));
    }

    /** The POM's configuration elements that apply to this execution: plugin level first. */
    List<Xpp3Dom> elements() {
        return elements;
    }

    /** Whether the parameter is written in the POM or given by its user property. */
    boolean sets(String parameter) {
        for (Xpp3Dom configuration : elements) {
            if (configuration.getChild(parameter) != null) {
                return true;
            }
        }
        return givenByProperty(parameter);
    }

    /** Whether the parameter's user property (zeroimage.NAME) has a value. */
    boolean givenByProperty(String parameter) {
        String property = propertyOfParameter.get(parameter);
        return property != null && properties.apply(property) != null;
    }

    /** Whether the POM writes the parameter with child elements ({@code <from><image>…</image></from>}). */
    boolean writtenWithChildren(String parameter) {
        return elements.stream().map(configuration -> configuration.getChild(parameter))
                .anyMatch(element -> element != null && element.getChildCount() > 0);
    }

    private static String firstOf(String name, Properties... sources) {
        for (Properties source : sources) {
            if (source != null && source.getProperty(name) != null) {
                return source.getProperty(name);
            }
        }
        return null;
    }
}
