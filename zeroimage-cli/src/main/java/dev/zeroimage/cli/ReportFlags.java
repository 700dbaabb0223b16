package dev.zeroimage.cli;

import dev.zeroimage.build.ImageReport;
import dev.zeroimage.image.Json;
import dev.zeroimage.util.AtomicFiles;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code --digest-file} and {@code --metadata-file}: the plugin's image-digest and image.json, where asked. */
final class ReportFlags {
    @Option(names = "--digest-file", paramLabel = "PATH", description = "Write the manifest digest (of a"
            + " multi-platform image: the index digest) here.")
    Path digestFile;

    @Option(names = "--metadata-file", paramLabel = "PATH", description = "Write image.json (digests, platforms,"
            + " layers, output, pushed references) here.")
    Path metadataFile;

    void write(ImageReport report) throws IOException {
        if (metadataFile != null) {
            AtomicFiles.write(metadataFile.toAbsolutePath(),
                    (Json.toPrettyString(report) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (digestFile != null) {
            AtomicFiles.write(digestFile.toAbsolutePath(), report.manifestDigest().getBytes(StandardCharsets.UTF_8));
        }
    }
}
