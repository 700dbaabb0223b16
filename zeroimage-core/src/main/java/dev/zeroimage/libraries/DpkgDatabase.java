package dev.zeroimage.libraries;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which Debian package owns a file, from a dpkg database ({@code var/lib/dpkg/status} and
 * {@code info/*.list}), for the report (and a later SBOM). Only the lines of the files asked about are kept.
 */
final class DpkgDatabase {
    /** A package and its installed version. */
    record Owner(String name, String version) {
    }

    private final Path dpkg;
    private Map<String, String> listFileByPath;
    private Map<String, String> versions;

    private DpkgDatabase(Path dpkg) {
        this.dpkg = dpkg;
    }

    /** The database under {@code root}, if it has one. */
    static Optional<DpkgDatabase> under(Path root) {
        Path dpkg = root.resolve("var/lib/dpkg");
        return Files.isRegularFile(dpkg.resolve("status")) && Files.isDirectory(dpkg.resolve("info"))
                ? Optional.of(new DpkgDatabase(dpkg)) : Optional.empty();
    }

    /**
     * Notes the file whose identity stands for the owners: the status file, which every dpkg run that
     * installs, upgrades or removes a package (and so rewrites its list) rewrites. Not a listing of
     * info/: thousands of names to read on every replay for no case the status file misses.
     */
    void watchedBy(LibraryInputs inputs) throws IOException {
        inputs.look(dpkg.resolve("status"));
    }

    /**
     * Indexes the listed paths whose file name is one of {@code fileNames}. Debian lists files both
     * under {@code /lib} and {@code /usr/lib}; callers ask for both spellings.
     */
    void index(Set<String> fileNames) throws IOException {
        listFileByPath = new HashMap<>();
        try (Stream<Path> lists = Files.list(dpkg.resolve("info"))) {
            for (Path list : lists.filter(p -> p.getFileName().toString().endsWith(".list")).sorted().toList()) {
                String stem = list.getFileName().toString().replaceFirst("\\.list$", "");
                // Searched as Latin-1 text for "/NAME\n": much faster than splitting every line of every list.
                String text = new String(Files.readAllBytes(list), StandardCharsets.ISO_8859_1);
                for (String name : fileNames) {
                    String needle = "/" + name + "\n";
                    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
                        int start = text.lastIndexOf('\n', at) + 1;
                        String path = new String(text.substring(start, at + needle.length() - 1)
                                .getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                        listFileByPath.putIfAbsent(path, stem);
                    }
                }
            }
        }
    }

    /** The owner of the first of {@code paths} that a package lists. */
    Optional<Owner> owner(List<String> paths) throws IOException {
        if (listFileByPath == null) {
            return Optional.empty();
        }
        for (String path : paths) {
            String stem = listFileByPath.get(path);
            if (stem != null) {
                int colon = stem.indexOf(':');
                String name = colon < 0 ? stem : stem.substring(0, colon);
                String arch = colon < 0 ? null : stem.substring(colon + 1);
                return Optional.of(new Owner(name, version(name, arch)));
            }
        }
        return Optional.empty();
    }

    private String version(String name, String arch) throws IOException {
        if (versions == null) {
            versions = new HashMap<>();
            String pkg = null;
            String architecture = null;
            String version = null;
            try (BufferedReader reader = Files.newBufferedReader(dpkg.resolve("status"), StandardCharsets.UTF_8)) {
              String line;
              while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    record(pkg, architecture, version);
                    pkg = architecture = version = null;
                } else if (line.startsWith("Package: ")) {
                    pkg = line.substring(9).trim();
                } else if (line.startsWith("Architecture: ")) {
                    architecture = line.substring(14).trim();
                } else if (line.startsWith("Version: ")) {
                    version = line.substring(9).trim();
                }
              }
            }
            record(pkg, architecture, version);
        }
        String exact = arch == null ? null : versions.get(name + ":" + arch);
        return exact != null ? exact : versions.get(name);
    }

    private void record(String pkg, String architecture, String version) {
        if (pkg != null && version != null) {
            versions.putIfAbsent(pkg, version);
            if (architecture != null) {
                versions.put(pkg + ":" + architecture, version);
            }
        }
    }
}
