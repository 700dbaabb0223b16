package dev.zeroimage.maven;

import dev.zeroimage.build.ExtraFile;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Image;
import dev.zeroimage.layer.FileDigests;
import dev.zeroimage.libraries.BundledFile;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.sbom.FileHashes;
import dev.zeroimage.sbom.NativeImageSbom;
import dev.zeroimage.sbom.SbomFiles;
import dev.zeroimage.sbom.SbomInput;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.project.MavenProject;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the SBOM of a built image says, gathered from the build and the Maven project. */
final class MavenSbom {
    /** The Maven scopes that end up in a native executable: its runtime classpath. */
    private static final Set<String> RUNTIME_SCOPES = Set.of(Artifact.SCOPE_COMPILE, Artifact.SCOPE_RUNTIME);

    private MavenSbom() {
    }

    static SbomInput input(MavenProject project, Image built, ImageReference reference, BaseImage base,
                           Path executable, List<ExtraFile> extraFiles, List<BundledFile> bundled, Instant created,
                           String toolVersion, FileDigests digests) throws IOException {
        String executablePath = built.config().config != null && built.config().config.entrypoint != null
                && !built.config().config.entrypoint.isEmpty()
                ? built.config().config.entrypoint.get(0) : "/" + executable.getFileName();
        List<SbomInput.FileItem> files = new ArrayList<>();
        for (ExtraFile extra : extraFiles) {
            files.addAll(SbomFiles.of(extra.source(), extra.target()));
        }
        return new SbomInput(
                new SbomInput.Subject(reference, built.digest(), built.platform(), created),
                SbomInput.Base.of(base),
                // The layer writer hashed the executable (or a warm build did earlier): not read again.
                new SbomInput.FileItem(executablePath, digests.sha256(executable)),
                bundled.stream().map(SbomInput.BundledLibrary::of).toList(), files, dependencies(project), NativeImageSbom.find(executable), toolVersion);
    }

    /** The project's runtime dependencies with their hashes (no file: no hashes). */
    static List<SbomInput.MavenDependency> dependencies(MavenProject project) {
        List<SbomInput.MavenDependency> dependencies = new ArrayList<>();
        Set<Artifact> artifacts = project.getArtifacts();
        if (artifacts == null) {
            return dependencies;
        }
        for (Artifact artifact : artifacts) {
            if (artifact.getScope() != null && !RUNTIME_SCOPES.contains(artifact.getScope())) {
                continue;
            }
            Map<String, String> hashes = artifact.getFile() != null && artifact.getFile().isFile()
                    ? FileHashes.of(artifact.getFile().toPath()) : Map.of();
            dependencies.add(new SbomInput.MavenDependency(artifact.getGroupId(), artifact.getArtifactId(),
                    artifact.getBaseVersion(), artifact.getClassifier(), artifact.getType(), artifact.getScope(), hashes));
        }
        return dependencies;
    }
}
