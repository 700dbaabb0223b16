package dev.zeroimage.maven;

import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.codehaus.plexus.util.xml.Xpp3Dom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maven 3.8 silently drops a misspelled parameter ({@code <argss>}), which would build an image other
 * than the one asked for. This reads the configuration as written in the POM (plugin level and this
 * execution) and fails the build, naming any parameter that no goal of the plugin has, with the
 * closest real name; a jib-maven-plugin parameter gets the reason it has no meaning here.
 */
final class ConfigurationValidator {
    private ConfigurationValidator() {
    }

    /** jib-maven-plugin's top-level parameters that zeroimage does not take, and why. */
    static final Map<String, String> JIB_ONLY = Map.of(
            "extraDirectories", "add files with extraFiles (source, target, mode)",
            "containerizingMode", "there are no classes or jars to containerize: the image holds the native"
                    + " executable (executable)",
            "outputPaths", "the tar is outputFile; image.json and image-digest are written to"
                    + " ${project.build.directory}/zeroimage/",
            "dockerClient", "zeroimage needs no Docker daemon: it writes a tar that docker load -i reads",
            "skaffold", "zeroimage has no Skaffold integration",
            "pluginExtensions", "zeroimage needs no extension for GraalVM: the native executable is its input"
                    + " (executable; default target/${project.artifactId})");

    static void rejectUnknownParameters(MojoExecution execution, WrittenConfiguration written)
            throws MojoFailureException {
        if (execution == null || execution.getMojoDescriptor() == null) {
            return;
        }
        MojoDescriptor descriptor = execution.getMojoDescriptor();
        Set<String> known = knownParameters(descriptor);
        Set<String> unknown = new TreeSet<>();
        for (Xpp3Dom configuration : written.elements()) {
            for (Xpp3Dom child : configuration.getChildren()) {
                if (!known.contains(child.getName())) {
                    unknown.add(child.getName());
                }
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        Set<String> userFacing = userFacingParameters(descriptor.getPluginDescriptor().getMojos());
        List<String> problems = new ArrayList<>();
        for (String name : unknown) {
            String jib = JIB_ONLY.get(name);
            if (jib != null) {
                problems.add("`<" + name + ">` is a jib-maven-plugin parameter with no meaning here: " + jib + ".");
            } else {
                String closest = closest(name, userFacing);
                problems.add("`<" + name + ">`" + (closest == null ? " is not a parameter of any zeroimage goal."
                        : ": did you mean `" + closest + "`?"));
            }
        }
        throw new MojoFailureException("Unknown configuration parameter" + (unknown.size() > 1 ? "s" : "")
                + " for zeroimage:" + descriptor.getGoal() + ": " + String.join(" ", problems)
                + "\nParameters of zeroimage:" + descriptor.getGoal() + ": "
                + String.join(", ", userFacingParameters(List.of(descriptor))));
    }

    /** Plugin-level configuration is shared by all goals, so a name is unknown only if no goal has it. */
    private static Set<String> knownParameters(MojoDescriptor descriptor) {
        Set<String> known = new TreeSet<>();
        for (MojoDescriptor mojo : descriptor.getPluginDescriptor().getMojos()) {
            for (Parameter parameter : parameters(mojo)) {
                known.add(parameter.getName());
                if (parameter.getAlias() != null) {
                    known.add(parameter.getAlias());
                }
            }
        }
        return known;
    }

    /** The names a user may configure: not Maven's read-only ones (project, session, outputTimestamp…). */
    static Set<String> userFacingParameters(List<MojoDescriptor> mojos) {
        Set<String> names = new TreeSet<>();
        for (MojoDescriptor mojo : mojos) {
            for (Parameter parameter : parameters(mojo)) {
                if (parameter.isEditable()) {
                    names.add(parameter.getName());
                    if (parameter.getAlias() != null) {
                        names.add(parameter.getAlias());
                    }
                }
            }
        }
        return names;
    }

    private static List<Parameter> parameters(MojoDescriptor mojo) {
        return mojo.getParameters() == null ? List.of() : mojo.getParameters();
    }

    /**
     * The candidate nearest to {@code name} in edit distance (case-insensitive, a swap of neighbours
     * counting one), if near enough to be a typo: at most 2, or a third of the name's length.
     */
    static String closest(String name, Set<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
