package dev.zeroimage.libraries;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * GraalVM's {@code build-artifacts.json} (native-image {@code -H:+GenerateBuildArtifactsFile}) beside
 * the executable: its {@code jdk_libraries} are the JDK's shared libraries the image loads at run
 * time from its own directory (libawt.so, libfontmanager.so, …).
 */
final class GraalVmArtifacts {
    static final String FILE_NAME = "build-artifacts.json";

    private GraalVmArtifacts() {
    }

    /** The listed JDK libraries as files beside the executable; empty without the file. */
    static List<Path> jdkLibraries(Path executable) throws IOException {
        Path dir = executable.toAbsolutePath().getParent();
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ZeroImageException(file + " is not valid JSON (" + e.getMessage() + "): regenerate it with"
                    + " native-image -H:+GenerateBuildArtifactsFile, or delete it");
        }
        List<Path> libraries = new ArrayList<>();
        JsonNode list = root == null ? null : root.get("jdk_libraries");
        if (list == null || list.isNull()) {
            return libraries;
        }
        if (!list.isArray()) {
            throw new ZeroImageException(file + ": jdk_libraries must be a list of file names");
        }
        for (JsonNode entry : list) {
            String name = entry.asText();
            Path library = dir.resolve(name).normalize();
            if (name.isEmpty() || !library.startsWith(dir) || !Files.isRegularFile(library)) {
                throw new ZeroImageException(file + " lists the JDK library '" + name + "', which is not a file in "
                        + dir + ": rebuild the native image so the file and its libraries match");
            }
            libraries.add(library);
        }
        return libraries;
    }
}
