package dev.zeroimage.maven;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: copies one entry out of a tar. */
final class TarEntries {
    private TarEntries() {
    }

    static Path extract(Path tar, String name, Path directory) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.getName().equals(name)) {
                    Path out = Files.createTempFile(directory, "entry", ".bin");
                    Files.write(out, in.readAllBytes());
                    return out;
                }
            }
        }
        throw new IOException(name + " not found in " + tar);
    }
}
