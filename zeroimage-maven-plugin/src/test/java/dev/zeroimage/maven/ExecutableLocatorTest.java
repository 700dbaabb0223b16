package dev.zeroimage.maven;

import dev.zeroimage.elf.TestExecutables;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The executable search and the native-build order checks, over project models as Maven builds them. */
class ExecutableLocatorTest {
    @TempDir
    Path work;

    private MavenProject project(Plugin... plugins) {
        Model model = new Model();
        model.setGroupId("dev.zeroimage.test");
        model.setArtifactId("orders");
        model.setVersion("1.0");
        model.setPackaging("jar");
        Build build = new Build();
        build.setDirectory(work.resolve("target").toString());
        build.setFinalName("orders-1.0");
        for (Plugin plugin : plugins) {
            build.addPlugin(plugin);
        }
        model.setBuild(build);
        MavenProject project = new MavenProject(model);
        project.setFile(work.resolve("pom.xml").toFile());
        return project;
    }

    private static Xpp3Dom configuration(String... namesAndValues) {
        Xpp3Dom configuration = new Xpp3Dom("configuration");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Xpp3Dom child = new Xpp3Dom(namesAndValues[i]);
            child.setValue(namesAndValues[i + 1]);
            configuration.addChild(child);
        }
        return configuration;
    }

    private static Plugin nativePlugin(Xpp3Dom pluginLevel, PluginExecution... executions) {
        Plugin plugin = new Plugin();
        plugin.setGroupId("org.graalvm.buildtools");
        plugin.setArtifactId("native-maven-plugin");
        plugin.setVersion("0.11.1");
        plugin.setConfiguration(pluginLevel);
        for (PluginExecution execution : executions) {
            plugin.addExecution(execution);
        }
        return plugin;
    }

    private static PluginExecution execution(String id, String phase, String goal, Xpp3Dom configuration) {
        PluginExecution execution = new PluginExecution();
        execution.setId(id);
        execution.setPhase(phase);
        execution.addGoal(goal);
        execution.setConfiguration(configuration);
        return execution;
    }

    private static Plugin zeroimage() {
        Plugin plugin = new Plugin();
        plugin.setGroupId("dev.zeroimage");
        plugin.setArtifactId("zeroimage-maven-plugin");
        plugin.setVersion("0.1.0-SNAPSHOT");
        return plugin;
    }

    private static MojoExecution buildExecution(String phase) {
        MojoExecution execution = new MojoExecution(zeroimage(), "build", "default");
        execution.setLifecyclePhase(phase);
        return execution;
    }

    private Path elf(String relative) throws IOException {
        Path file = work.resolve(relative);
        Files.createDirectories(file.getParent());
        return TestExecutables.staticAmd64(file);
    }

    @Test
    void nativeMavenPluginsImageNameAndOutputDirectoryAreFoundExecutionLevelFirst() throws Exception {
        Path expected = elf("build/native/orders-service");
        elf("target/plugin-level-name");
        MavenProject project = project(nativePlugin(configuration("imageName", "plugin-level-name"),
                execution("build-native", "package", "compile-no-fork",
                        configuration("imageName", "orders-service", "outputDirectory", "build/native"))));
        assertEquals(expected.toAbsolutePath(), ExecutableLocator.locate(null, project, new Properties()));
    }

    @Test
    void thePluginLevelImageNameIsUsedWhenNoExecutionSetsOne() throws Exception {
        Path expected = elf("target/orders-native");
        MavenProject project = project(nativePlugin(configuration("imageName", "orders-native"),
                execution("build-native", null, "compile-no-fork", null)));
        assertEquals(expected, ExecutableLocator.locate(null, project, new Properties()));
    }

    @Test
    void theImageNameUserPropertyCountsWhenThePomSetsNone() throws Exception {
        Path expected = elf("target/from-property");
        Properties user = new Properties();
        user.setProperty("imageName", "from-property");
        MavenProject project = project(nativePlugin(null, execution("build-native", null, "compile-no-fork", null)));
        assertEquals(expected, ExecutableLocator.locate(null, project, user));
    }

    @Test
    void quarkusRunnerIsFoundByFinalNameThenAsTheOnlyRunner() throws Exception {
        Path runner = elf("target/orders-1.0-runner");
        assertEquals(runner, ExecutableLocator.locate(null, project(), null));
        Files.delete(runner);
        Path other = elf("target/renamed-runner");
        assertEquals(other, ExecutableLocator.locate(null, project(), null));
    }

    @Test
    void twoRunnersAreNotGuessedBetween() throws Exception {
        elf("target/a-runner");
        elf("target/b-runner");
        MojoFailureException e = assertThrows(MojoFailureException.class,
                () -> ExecutableLocator.locate(null, project(), null));
        assertTrue(e.getMessage().contains("2 files, so none is picked"), e.getMessage());
    }

    @Test
    void theErrorListsEveryPlaceTriedInOrder() {
        MavenProject project = project(nativePlugin(null,
                execution("build-native", "package", "compile-no-fork", configuration("imageName", "svc"))));
        MojoFailureException e = assertThrows(MojoFailureException.class,
                () -> ExecutableLocator.locate(null, project, null));
        String message = e.getMessage();
        Path target = work.resolve("target").toAbsolutePath();
        int artifact = message.indexOf("the project's main artifact");
        int nativeOutput = message.indexOf(target.resolve("svc") + " (native-maven-plugin's imageName");
        int pluginLevel = message.indexOf(target.resolve("orders") + " (native-maven-plugin's imageName");
        int quarkus = message.indexOf(target.resolve("orders-1.0-runner") + " (Quarkus");
        int anyRunner = message.indexOf(target + "/*-runner (no such file)");
        assertTrue(artifact >= 0 && artifact < nativeOutput && nativeOutput < pluginLevel && pluginLevel < quarkus
                && quarkus < anyRunner, message);
        assertTrue(message.contains("execution 'build-native' (compile-no-fork, phase package)"), message);
        // target/orders is native-maven-plugin's default here, so it is listed once
        assertEquals(message.indexOf(target.resolve("orders") + " ("), message.lastIndexOf(target.resolve("orders") + " ("),
                message);
    }

    @Test
    void withoutNativeMavenPluginTheConventionalPathIsLast() throws Exception {
        Path conventional = elf("target/orders");
        assertEquals(conventional, ExecutableLocator.locate(null, project(), null));
        Files.delete(conventional);
        MojoFailureException e = assertThrows(MojoFailureException.class,
                () -> ExecutableLocator.locate(null, project(), null));
        assertTrue(e.getMessage().contains(work.resolve("target/orders").toAbsolutePath()
                + " (${project.build.directory}/${project.artifactId}"), e.getMessage());
    }

    @Test
    void zeroimageDeclaredBeforeTheNativeBuildInTheSamePhaseFails() {
        MavenProject project = project(zeroimage(), nativePlugin(null,
                execution("build-native", "package", "compile-no-fork", null)));
        NativeImagePlugin nativePlugin = NativeImagePlugin.of(project, null);
        MojoFailureException e = assertThrows(MojoFailureException.class,
                () -> NativeBuildOrder.requireAfterNativeBuild(buildExecution("package"), project, nativePlugin));
        assertTrue(e.getMessage().contains("Declare zeroimage-maven-plugin after native-maven-plugin"), e.getMessage());
        assertTrue(e.getMessage().contains("execution 'build-native'"), e.getMessage());
    }

    @Test
    void theDefaultPhaseOfTheNativeGoalsIsPackage() {
        MavenProject project = project(zeroimage(), nativePlugin(null,
                execution("build-native", null, "compile", null)));
        assertThrows(MojoFailureException.class, () -> NativeBuildOrder.requireAfterNativeBuild(
                buildExecution("package"), project, NativeImagePlugin.of(project, null)));
    }

    @Test
    void afterTheNativeBuildInAnotherPhaseFromTheCommandLineOrWhenSkippedIsFine() throws Exception {
        MavenProject after = project(nativePlugin(null, execution("build-native", "package", "compile-no-fork", null)),
                zeroimage());
        NativeBuildOrder.requireAfterNativeBuild(buildExecution("package"), after, NativeImagePlugin.of(after, null));
        MavenProject before = project(zeroimage(), nativePlugin(null,
                execution("build-native", "prepare-package", "compile-no-fork", null)));
        NativeBuildOrder.requireAfterNativeBuild(buildExecution("package"), before, NativeImagePlugin.of(before, null));
        MavenProject sameDifferentlyBound = project(zeroimage(), nativePlugin(null,
                execution("build-native", "package", "compile-no-fork", null)));
        NativeBuildOrder.requireAfterNativeBuild(buildExecution(null), sameDifferentlyBound,
                NativeImagePlugin.of(sameDifferentlyBound, null));
        MavenProject skipped = project(zeroimage(), nativePlugin(null,
                execution("build-native", "package", "compile-no-fork", configuration("skip", "true"))));
        NativeBuildOrder.requireAfterNativeBuild(buildExecution("package"), skipped, NativeImagePlugin.of(skipped, null));
    }

    @Test
    void anExecutableOlderThanTheSessionWarnsOnlyWhenANativeBuildRan() throws Exception {
        Path executable = elf("target/orders");
        Instant sessionStart = Instant.parse("2026-01-02T10:00:00Z");
        Files.setLastModifiedTime(executable, FileTime.from(sessionStart.minusSeconds(3600)));
        MavenProject project = project(nativePlugin(null, execution("build-native", "package", "compile-no-fork", null)),
                zeroimage());
        NativeImagePlugin nativePlugin = NativeImagePlugin.of(project, null);

        Optional<String> warning = NativeBuildOrder.staleWarning(executable, sessionStart, nativePlugin, List.of("install"));
        assertTrue(warning.isPresent());
        assertTrue(warning.get().contains(executable + " was last modified at 2026-01-02T09:00:00Z"), warning.get());
        assertTrue(warning.get().contains("execution 'build-native'"), warning.get());
        assertTrue(NativeBuildOrder.staleWarning(executable, sessionStart, nativePlugin,
                List.of("native:compile-no-fork", "zeroimage:build")).isPresent(), "the native goal named on the command line");

        assertFalse(NativeBuildOrder.staleWarning(executable, sessionStart, nativePlugin, List.of("zeroimage:build"))
                .isPresent(), "no native build ran: an old executable is what was asked for");
        assertFalse(NativeBuildOrder.staleWarning(executable, sessionStart, nativePlugin, List.of("compile"))
                .isPresent(), "compile does not reach the package phase");
        assertFalse(NativeBuildOrder.staleWarning(executable, sessionStart, null, List.of("package")).isPresent(),
                "no native-maven-plugin in the POM");
        Files.setLastModifiedTime(executable, FileTime.from(sessionStart.plusSeconds(60)));
        assertFalse(NativeBuildOrder.staleWarning(executable, sessionStart, nativePlugin, List.of("package")).isPresent(),
                "written during this session");
    }

    @Test
    void aConfiguredExecutableWinsAndMustExist() throws Exception {
        Path configured = elf("somewhere/app");
        elf("target/orders");
        assertEquals(configured, ExecutableLocator.locate(configured.toFile(), project(), null));
        File missing = work.resolve("nope").toFile();
        MojoFailureException e = assertThrows(MojoFailureException.class,
                () -> ExecutableLocator.locate(missing, project(), null));
        assertTrue(e.getMessage().contains(missing + " (zeroimage.executable) does not exist"), e.getMessage());
    }
}
