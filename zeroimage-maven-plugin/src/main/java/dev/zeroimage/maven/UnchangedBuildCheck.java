package dev.zeroimage.maven;

import dev.zeroimage.base.BaseSpec;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.build.UnchangedBuild;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.ImageReference;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.project.MavenProject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The build goal's "nothing changed" check (see {@link UnchangedBuild}): which settings and files decide
 * its outputs. Builds whose result depends on something without a file identity get no check: a push
 * (the registry's state), a base named by a tag (it may move). Bundled libraries are checked by the
 * paths their sysroot search looked at, which the build remembers with its outputs.
 */
final class UnchangedBuildCheck {
    private UnchangedBuildCheck() {
    }

    /** The check for this build, or null when it cannot be decided by file identities. */
    static UnchangedBuild of(BlobStore store, BuildOptions options, ImageReference reference, Path output,
                             Path reportDirectory, boolean sbom, String sbomFile, boolean push, String pluginVersion,
                             MavenProject project) throws IOException {
        if (push || options.base() instanceof BaseSpec.Registry registry && registry.reference().digest() == null) {
            return null;
        }
        StringBuilder settings = new StringBuilder()
                .append("options ").append(UnchangedBuild.describe(options)).append('\n')
                .append("reference ").append(UnchangedBuild.describe(reference)).append('\n')
                .append("sbom ").append(sbom).append('\n')
                .append("plugin ").append(pluginVersion).append('\n');
        // Walking "/" would cost more than a build: the sysroot counts by the paths the bundling looked at.
        List<Path> inputs = new ArrayList<>(UnchangedBuild.pathsIn(options, Set.of("sysroot")));
        for (Path path : List.copyOf(inputs)) {
            if (Files.isRegularFile(path)) {
                inputs.add(path.resolveSibling(path.getFileName() + ".sbom.json")); // GraalVM's SBOM, read if there
            }
        }
        Path plugin = UnchangedBuild.codeOf(UnchangedBuildCheck.class);
        if (plugin != null) {
            inputs.add(plugin);
        }
        if (sbom && project.getArtifacts() != null) {
            // The SBOM lists the runtime dependencies with their hashes.
            Set<String> coordinates = new TreeSet<>();
            for (Artifact artifact : project.getArtifacts()) {
                coordinates.add(artifact.getId() + ":" + artifact.getScope());
                if (artifact.getFile() != null) {
                    inputs.add(artifact.getFile().toPath());
                }
            }
            settings.append("dependencies ").append(coordinates).append('\n');
        }
        List<Path> outputs = new ArrayList<>(List.of(output, reportDirectory.resolve("image.json"),
                reportDirectory.resolve("image-digest")));
        if (sbom) {
            outputs.add(reportDirectory.resolve(sbomFile));
        }
        return UnchangedBuild.of(store, settings.toString(), inputs, outputs);
    }
}
