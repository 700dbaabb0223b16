package dev.zeroimage.maven;

import org.apache.maven.model.License;
import org.apache.maven.project.MavenProject;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The OCI pre-defined annotations that the Maven project already knows. */
final class ProjectAnnotations {
    private static final String PREFIX = "org.opencontainers.image.";

    private ProjectAnnotations() {
    }

    static Map<String, String> of(MavenProject project, Instant created) {
        Map<String, String> annotations = new LinkedHashMap<>();
        String name = project.getModel().getName();
        put(annotations, "title", name != null && !name.isBlank() ? name : project.getArtifactId());
        put(annotations, "version", project.getVersion());
        put(annotations, "description", project.getDescription());
        put(annotations, "url", project.getUrl());
        put(annotations, "licenses", project.getLicenses().stream().map(License::getName)
                .filter(license -> license != null && !license.isBlank()).collect(Collectors.joining(" OR ")));
        if (project.getScm() != null) {
            put(annotations, "source", project.getScm().getUrl());
        }
        put(annotations, "created", created.toString());
        return annotations;
    }

    private static void put(Map<String, String> annotations, String key, String value) {
        if (value != null && !value.isBlank()) {
            // POM text is indented XML: collapse its line breaks and indentation.
            annotations.put(PREFIX + key, value.trim().replaceAll("\\s+", " "));
        }
    }
}
