package dev.zeroimage.maven;

import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * GraalVM's native-maven-plugin as the project model declares it: where each of its native builds
 * writes the executable ({@code outputDirectory}/{@code imageName}, defaults
 * {@code ${project.build.directory}} and {@code ${project.artifactId}}), in which phase, and where in
 * the POM's plugin order. Read from the model, so the plugin itself is never loaded.
 */
record NativeImagePlugin(int pluginIndex, List<Build> builds) {
    static final String KEY = "org.graalvm.buildtools:native-maven-plugin";
    /** The goals that run native-image; {@code build} is the deprecated name of {@code compile-no-fork}. */
    static final Set<String> BUILD_GOALS = Set.of("compile", "compile-no-fork", "build");
    /** All three goals default to {@code package}. */
    static final String DEFAULT_PHASE = "package";

    /**
     * One native build: an execution of a build goal, or the plugin-level configuration (execution id
     * null), as {@code mvn native:compile} would use it.
     */
    record Build(String executionId, String goal, String phase, Path executable, boolean skip) {
        /** "execution 'build-native' (compile-no-fork)", for messages. */
        String describe() {
            return executionId == null ? "its plugin-level configuration"
                    : "execution '" + executionId + "' (" + goal + (phase == null ? "" : ", phase " + phase) + ")";
        }
    }

    /** The plugin as declared in the project's build (active profiles included), or null. */
    static NativeImagePlugin of(MavenProject project, Properties userProperties) {
        List<Plugin> plugins = project.getBuildPlugins();
        for (int index = 0; index < plugins.size(); index++) {
            Plugin plugin = plugins.get(index);
            if (KEY.equals(plugin.getKey())) {
                return new NativeImagePlugin(index, builds(plugin, project, userProperties));
            }
        }
        return null;
    }

    private static List<Build> builds(Plugin plugin, MavenProject project, Properties userProperties) {
        Xpp3Dom pluginLevel = plugin.getConfiguration() instanceof Xpp3Dom dom ? dom : null;
        List<Build> builds = new ArrayList<>();
        for (PluginExecution execution : plugin.getExecutions()) {
            Xpp3Dom executionLevel = execution.getConfiguration() instanceof Xpp3Dom dom ? dom : null;
            for (String goal : execution.getGoals()) {
                if (BUILD_GOALS.contains(goal)) {
                    builds.add(new Build(execution.getId(), goal,
                            execution.getPhase() == null ? DEFAULT_PHASE : execution.getPhase(),
                            executable(project, userProperties, executionLevel, pluginLevel),
                            skip(userProperties, executionLevel, pluginLevel)));
                }
            }
        }
        builds.add(new Build(null, null, null, executable(project, userProperties, null, pluginLevel),
                skip(userProperties, null, pluginLevel)));
        return List.copyOf(builds);
    }

    /** Builds that run during the lifecycle (not skipped, bound to a phase). */
    List<Build> boundBuilds() {
        return builds.stream().filter(build -> build.executionId() != null && !build.skip()).toList();
    }

    /** Where native-image writes: {@code -o outputDirectory/imageName}, as the plugin computes it. */
    private static Path executable(MavenProject project, Properties userProperties, Xpp3Dom executionLevel,
                                   Xpp3Dom pluginLevel) {
        String imageName = value("imageName", "imageName", userProperties, executionLevel, pluginLevel);
        String outputDirectory = value("outputDirectory", "outputDir", userProperties, executionLevel, pluginLevel);
        File directory = outputDirectory == null ? new File(project.getBuild().getDirectory()) : new File(outputDirectory);
        if (!directory.isAbsolute() && project.getBasedir() != null) {
            directory = new File(project.getBasedir(), directory.getPath());
        }
        return directory.toPath().resolve(imageName == null ? project.getArtifactId() : imageName).toAbsolutePath()
                .normalize();
    }

    private static boolean skip(Properties userProperties, Xpp3Dom executionLevel, Xpp3Dom pluginLevel) {
        return Boolean.parseBoolean(value("skip", "skipNativeBuild", userProperties, executionLevel, pluginLevel));
    }

    /** Execution-level configuration wins over plugin-level; an unconfigured parameter takes its user property. */
    private static String value(String parameter, String property, Properties userProperties, Xpp3Dom... levels) {
        for (Xpp3Dom level : levels) {
            Xpp3Dom child = level == null ? null : level.getChild(parameter);
            if (child != null && child.getValue() != null && !child.getValue().isBlank()) {
                return child.getValue().trim();
            }
        }
        String fromProperty = userProperties == null ? null : userProperties.getProperty(property);
        return fromProperty == null || fromProperty.isBlank() ? null : fromProperty.trim();
    }
}
