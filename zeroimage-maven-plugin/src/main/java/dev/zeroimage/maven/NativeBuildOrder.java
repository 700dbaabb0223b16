package dev.zeroimage.maven;

import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The image must be built after the native build of the same Maven run, or it silently packages the
 * previous run's executable. Maven runs the executions bound to one phase in the order their plugins
 * appear in the POM, so zeroimage declared before native-maven-plugin in the same phase is an error;
 * an executable older than this Maven session while a native build ran in it gets a warning.
 */
final class NativeBuildOrder {
    /** Maven's default lifecycle, in order: a goal naming a phase runs every phase up to it. */
    static final List<String> DEFAULT_LIFECYCLE = List.of("validate", "initialize", "generate-sources",
            "process-sources", "generate-resources", "process-resources", "compile", "process-classes",
            "generate-test-sources", "process-test-sources", "generate-test-resources", "process-test-resources",
            "test-compile", "process-test-classes", "test", "prepare-package", "package", "pre-integration-test",
            "integration-test", "post-integration-test", "verify", "install", "deploy");

    private NativeBuildOrder() {
    }

    /** Fails when this execution shares a phase with a native build declared after it in the POM. */
    static void requireAfterNativeBuild(MojoExecution execution, MavenProject project, NativeImagePlugin nativePlugin)
            throws MojoFailureException {
        String phase = execution == null ? null : execution.getLifecyclePhase();
        if (phase == null || nativePlugin == null) {
            return; // invoked from the command line: it runs after the lifecycle phases named before it
        }
        int ours = pluginIndex(project, execution.getPlugin());
        if (ours < 0 || ours > nativePlugin.pluginIndex()) {
            return;
        }
        for (NativeImagePlugin.Build build : nativePlugin.boundBuilds()) {
            if (phase.equals(build.phase())) {
                throw new MojoFailureException("zeroimage:" + execution.getGoal() + " (execution '"
                        + execution.getExecutionId() + "') would run before native-maven-plugin's "
                        + build.describe() + ": both are bound to the " + phase + " phase, and Maven runs the"
                        + " executions of one phase in the order their plugins are declared in the POM, so the"
                        + " image would get the previous build's executable (or none). Declare"
                        + " zeroimage-maven-plugin after native-maven-plugin in <build><plugins>.");
            }
        }
    }

    /**
     * A warning when a native build ran in this session ({@code sessionGoals} reach its phase or name its
     * goal) but the executable was last modified before the session started.
     */
    static Optional<String> staleWarning(Path executable, Instant sessionStart, NativeImagePlugin nativePlugin,
                                         List<String> sessionGoals) throws IOException {
        if (sessionStart == null || nativePlugin == null || sessionGoals == null || !Files.isRegularFile(executable)) {
            return Optional.empty();
        }
        Optional<NativeImagePlugin.Build> ran = nativePlugin.boundBuilds().stream()
                .filter(build -> reached(build.phase(), sessionGoals)).findFirst();
        boolean invoked = sessionGoals.stream().anyMatch(NativeBuildOrder::namesNativeBuild);
        if (ran.isEmpty() && !invoked) {
            return Optional.empty();
        }
        Instant modified = Files.getLastModifiedTime(executable).toInstant();
        if (!modified.isBefore(sessionStart)) {
            return Optional.empty();
        }
        String which = ran.map(NativeImagePlugin.Build::describe).orElse("native build");
        return Optional.of("The executable " + executable + " was last modified at " + modified + ", before this"
                + " Maven build started, although native-maven-plugin's " + which + " ran in it: the image holds"
                + " an executable from an earlier build. Check native-maven-plugin's imageName and outputDirectory,"
                + " or set <executable> (-Dzeroimage.executable) to the file it writes.");
    }

    /** True when one of the session's goals is a lifecycle phase at or after {@code phase}. */
    private static boolean reached(String phase, List<String> sessionGoals) {
        int needed = DEFAULT_LIFECYCLE.indexOf(phase);
        return needed >= 0 && sessionGoals.stream().anyMatch(goal -> DEFAULT_LIFECYCLE.indexOf(goal) >= needed);
    }

    /** {@code native:compile}, {@code native:compile-no-fork}, or the full plugin coordinates with either. */
    private static boolean namesNativeBuild(String goal) {
        int colon = goal.lastIndexOf(':');
        if (colon < 0 || !NativeImagePlugin.BUILD_GOALS.contains(goal.substring(colon + 1))) {
            return false;
        }
        return goal.startsWith("native:") || goal.startsWith("org.graalvm.buildtools:native-maven-plugin:");
    }

    private static int pluginIndex(MavenProject project, Plugin plugin) {
        if (plugin == null) {
            return -1;
        }
        List<Plugin> plugins = project.getBuildPlugins();
        for (int index = 0; index < plugins.size(); index++) {
            if (plugin.getKey().equals(plugins.get(index).getKey())) {
                return index;
            }
        }
        return -1;
    }
}
