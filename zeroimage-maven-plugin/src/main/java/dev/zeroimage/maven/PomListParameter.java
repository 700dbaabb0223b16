package dev.zeroimage.maven;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.PluginParameterExpressionEvaluator;
import org.codehaus.plexus.component.configurator.expression.ExpressionEvaluationException;
import org.codehaus.plexus.util.xml.Xpp3Dom;

import java.util.ArrayList;
import java.util.List;

/**
 * A list parameter written in the POM ({@code <tags><tag>a</tag></tags>}) wins over its user property
 * ({@code -Dzeroimage.tags=x}) on every Maven, as any other parameter does. Maven 3 gets this wrong for
 * lists only: it merges the mojo descriptor's default {@code ${zeroimage.tags}} into the POM's element as
 * its text (plexus-utils {@code Xpp3Dom.mergeIntoXpp3Dom} copies the value when the dominant element has
 * none, even when it has children), and the collection converter then prefers that text over the
 * children. Maven 4 merges without the text. Reading the children ourselves gives Maven 4's result on
 * Maven 3.8 and 3.9 too; the way to let the command line override a POM default is a
 * {@code <properties>} entry (see the README).
 */
final class PomListParameter {
    private PomListParameter() {
    }

    /** The POM's items of {@code parameter} (evaluated as Maven would), else what Maven injected. */
    static List<String> value(MojoExecution execution, MavenSession session, String parameter, List<String> injected) {
        Xpp3Dom configuration = execution == null ? null : execution.getConfiguration();
        Xpp3Dom element = configuration == null ? null : configuration.getChild(parameter);
        if (element == null || element.getChildCount() == 0 || session == null) {
            return injected;
        }
        PluginParameterExpressionEvaluator evaluator = new PluginParameterExpressionEvaluator(session, execution);
        List<String> items = new ArrayList<>();
        for (Xpp3Dom child : element.getChildren()) {
            Object value;
            try {
                value = child.getValue() == null ? null : evaluator.evaluate(child.getValue());
            } catch (ExpressionEvaluationException e) {
                return injected; // Maven itself reports a bad expression when it configures the mojo
            }
            if (value != null && !value.toString().isBlank()) {
                items.add(value.toString().trim());
            }
        }
        return items;
    }
}
