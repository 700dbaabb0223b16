package dev.zeroimage.maven;

import dev.zeroimage.elf.ElfFiles;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the executable: the configured file, else the main artifact when it is ELF, else target/${artifactId}. */
final class ExecutableLocator {
    private ExecutableLocator() {
    }

    static Path locate(File configured, MavenProject project) throws MojoFailureException {
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
        File conventional = new File(project.getBuild().getDirectory(), project.getArtifactId());
        if (conventional.isFile()) {
            return conventional.toPath();
        }
        tried.add(conventional + " (where native-maven-plugin writes a GraalVM native image: "
                + (conventional.exists() ? "not a file" : "missing") + ")");
        throw new MojoFailureException("No executable found for the image. Tried:\n  - " + String.join("\n  - ", tried)
                + "\nBuild the executable before zeroimage:build (bind it to the package phase after the native"
                + " build), or set <executable> / -Dzeroimage.executable=PATH.");
    }
}
