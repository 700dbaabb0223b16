package dev.zeroimage.maven;

import dev.zeroimage.InvalidSettingException;
import dev.zeroimage.build.BuildTarget;
import dev.zeroimage.image.Platform;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The build's executables: {@code executable} (one, found as round 1 did) or {@code executables} (one per
 * platform, a multi-platform image when there are several). Setting both, or {@code platform} with
 * {@code executables}, is an error: each entry of {@code executables} carries its own platform.
 */
final class Executables {
    private Executables() {
    }

    static List<BuildTarget> targets(File executable, String platform, List<Executable> executables,
                                     MavenProject project, Properties userProperties) throws MojoFailureException {
        List<Executable> entries = executables == null ? List.of()
                : executables.stream().filter(entry -> entry != null).toList();
        if (entries.isEmpty()) {
            return List.of(new BuildTarget(ExecutableLocator.locate(executable, project, userProperties), Settings.platform(platform)));
        }
        if (executable != null) {
            throw new MojoFailureException("Both executable (" + executable + ") and executables (" + entries
                    + ") are set: use executable for one program or executables for one program per platform,"
                    + " not both");
        }
        if (platform != null && !platform.isBlank()) {
            throw new MojoFailureException("Both platform (" + platform + ") and executables are set: with"
                    + " executables each entry takes its platform from its ELF header, or from its own <platform>"
                    + " (<executable><file>…</file><platform>" + platform.trim() + "</platform></executable>);"
                    + " remove platform (zeroimage.platform)");
        }
        List<BuildTarget> targets = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Executable entry = entries.get(i);
            String where = "executables[" + i + "]";
            if (entry.getFile() == null || entry.getFile().getPath().isBlank()) {
                throw new MojoFailureException(where + " names no file: write <executable>PATH</executable> or"
                        + " <executable><file>PATH</file><platform>os/arch[/variant]</platform></executable>");
            }
            File file = entry.getFile().isAbsolute() ? entry.getFile()
                    : new File(project.getBasedir(), entry.getFile().getPath());
            if (!file.exists()) {
                throw new MojoFailureException("The executable " + file + " (" + where + ", zeroimage.executables)"
                        + " does not exist: build it first (e.g. run the native or cross build before"
                        + " zeroimage:build) or fix the path");
            }
            targets.add(new BuildTarget(file.toPath(), platform(entry.getPlatform(), where, file)));
        }
        return targets;
    }

    private static Platform platform(String value, String where, File file) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Platform.parse(value);
        } catch (dev.zeroimage.ZeroImageException e) {
            throw new InvalidSettingException("executables", "the platform of " + where + " (" + file + "): "
                    + e.getMessage());
        }
    }
}
