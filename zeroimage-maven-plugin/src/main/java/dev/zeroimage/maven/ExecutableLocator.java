package dev.zeroimage.maven;

import dev.zeroimage.elf.ElfFiles;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the executable, in this order (the README's list, and the error's when nothing is found):
 * <ol>
 *   <li>{@code executable} ({@code -Dzeroimage.executable});</li>
 *   <li>the project's main artifact, when it is an ELF file;</li>
 *   <li>GraalVM native-maven-plugin's output, {@code outputDirectory}/{@code imageName} of each of its
 *       build executions, then of its plugin-level configuration, when the POM declares it;</li>
 *   <li>Quarkus' native runner, {@code ${project.build.directory}/${project.build.finalName}-runner}, else
 *       the one {@code *-runner} file there;</li>
 *   <li>{@code ${project.build.directory}/${project.artifactId}}.</li>
 * </ol>
 */
final class ExecutableLocator {
    private ExecutableLocator() {
    }

    static Path locate(File configured, MavenProject project) throws MojoFailureException {
        return locate(configured, project, null);
    }

    static Path locate(File configured, MavenProject project, Properties userProperties) throws MojoFailureException {
        if (configured != null) {
            if (!configured.exists()) {
                throw new MojoFailureException("The executable " + configured + " (zeroimage.executable) does not"
                        + " exist: build it first (e.g. run the native build before zeroimage:build) or fix the path");
            }
            return configured.toPath();
        }
        List<String> tried = new ArrayList<>();
        File artifact = project.getArtifact() == null ? null : project.getArtifact().getFile();
        if (artifact != null) {
            if (ElfFiles.isElf(artifact.toPath())) {
                return artifact.toPath();
            }
            tried.add(artifact + " (the project's main artifact: " + (artifact.isFile() ? "not an ELF file" : "missing") + ")");
        } else {
            tried.add("the project's main artifact (none was built in this run)");
        }
        Set<Path> seen = new LinkedHashSet<>();
        NativeImagePlugin nativePlugin = NativeImagePlugin.of(project, userProperties);
        if (nativePlugin != null) {
            for (NativeImagePlugin.Build build : nativePlugin.builds()) {
                if (seen.add(build.executable())) {
                    if (Files.isRegularFile(build.executable())) {
                        return build.executable();
                    }
                    tried.add(build.executable() + " (native-maven-plugin's imageName in outputDirectory, from "
                            + build.describe() + ": " + state(build.executable()) + ")");
                }
            }
        }
        Path buildDirectory = new File(project.getBuild().getDirectory()).toPath().toAbsolutePath().normalize();
        Path runner = buildDirectory.resolve(project.getBuild().getFinalName() + "-runner");
        if (seen.add(runner)) {
            if (Files.isRegularFile(runner)) {
                return runner;
            }
            tried.add(runner + " (Quarkus' native runner: " + state(runner) + ")");
        }
        List<Path> runners = runners(buildDirectory);
        if (runners.size() == 1) {
            return runners.get(0);
        }
        tried.add(buildDirectory + "/*-runner (" + (runners.isEmpty() ? "no such file"
                : runners.size() + " files, so none is picked: " + runners) + ")");
        Path conventional = buildDirectory.resolve(project.getArtifactId());
        if (seen.add(conventional)) {
            if (Files.isRegularFile(conventional)) {
                return conventional;
            }
            tried.add(conventional + " (${project.build.directory}/${project.artifactId}, native-maven-plugin's"
                    + " default: " + state(conventional) + ")");
        }
        throw new MojoFailureException("No executable found for the image. Tried, in this order:\n  - "
                + String.join("\n  - ", tried)
                + "\nBuild the executable before zeroimage:build (bind it to the package phase after the native"
                + " build), or set <executable> / -Dzeroimage.executable=PATH.");
    }

    private static String state(Path candidate) {
        return Files.exists(candidate) ? "not a file" : "missing";
    }

    /** Regular files named {@code *-runner} directly in the build directory, sorted. */
    private static List<Path> runners(Path buildDirectory) {
        if (!Files.isDirectory(buildDirectory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(buildDirectory)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-runner"))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
