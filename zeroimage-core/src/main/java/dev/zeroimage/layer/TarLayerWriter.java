package dev.zeroimage.layer;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

import dev.zeroimage.image.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * Writes layer contents as a tar with nothing taken from the build machine: entries in path order,
 * the given owner ids and modes, one fixed time, no user or group names. Files are streamed.
 */
public final class TarLayerWriter {
    private final Instant modificationTime;

    public TarLayerWriter(Instant modificationTime) {
        // Whole seconds: a fraction would make commons-compress add a PAX header.
        this.modificationTime = Instant.ofEpochSecond(modificationTime.getEpochSecond());
    }

    /** Writes the tar to {@code out}; {@code out} stays open. */
    public void write(LayerContents contents, OutputStream out) throws IOException {
        write(contents, out, null);
    }

    /**
     * Writes the tar, and when {@code sourceDigests} is given records the SHA-256 of each source file
     * as it streams past, so callers learn file digests without reading the files twice.
     */
    public void write(LayerContents contents, OutputStream out, Map<Path, Digest> sourceDigests) throws IOException {
        TarOutput tar = new TarOutput(out, true);
        for (LayerEntry entry : contents.entries()) {
            writeEntry(tar, entry, sourceDigests);
        }
        tar.finish();
    }

    private void writeEntry(TarOutput tar, LayerEntry entry, Map<Path, Digest> sourceDigests) throws IOException {
        String name = entry.path().substring(1);
        TarArchiveEntry header = switch (entry.kind()) {
            case DIRECTORY -> new TarArchiveEntry(name + "/", TarConstants.LF_DIR, false);
            case SYMLINK -> {
                TarArchiveEntry link = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, false);
                link.setLinkName(entry.linkTarget());
                yield link;
            }
            case FILE -> new TarArchiveEntry(name, TarConstants.LF_NORMAL, false);
        };
        int typeBits = switch (entry.kind()) {
            case DIRECTORY -> 040000;
            case SYMLINK -> 0120000;
            case FILE -> 0100000;
        };
        header.setMode(typeBits | entry.mode());
        header.setIds(entry.uid(), entry.gid());
        header.setUserName("");
        header.setGroupName("");
        header.setModTime(FileTime.from(modificationTime));
        if (entry.kind() == LayerEntry.Kind.FILE) {
            header.setSize(entry.content() != null ? entry.content().length : sizeOf(entry));
        }
        tar.putEntry(header);
        if (entry.kind() == LayerEntry.Kind.FILE) {
            if (entry.content() != null) {
                tar.content().write(entry.content());
            } else {
                MessageDigest sha256 = sourceDigests == null ? null : Digest.newSha256();
                copyExactly(entry, header.getSize(), tar.content(), sha256);
                if (sha256 != null) {
                    sourceDigests.put(entry.source(), Digest.fromSha256(sha256.digest()));
                }
            }
        }
        tar.closeEntry();
    }

    private static long sizeOf(LayerEntry entry) {
        try {
            return Files.size(entry.source());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + entry.source(), e);
        }
    }

    /** Copies the file; a file that changes size while it is read would corrupt the tar, so it is an error. */
    private static void copyExactly(LayerEntry entry, long size, OutputStream out, MessageDigest sha256)
            throws IOException {
        byte[] buffer = new byte[256 * 1024];
        long copied = 0;
        try (InputStream in = Files.newInputStream(entry.source())) {
            int n;
            while (copied < size && (n = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied))) > 0) {
                out.write(buffer, 0, n);
                if (sha256 != null) {
                    sha256.update(buffer, 0, n);
                }
                copied += n;
            }
            if (copied != size || in.read() != -1) {
                throw new IOException(entry.source() + " changed while it was being read (expected " + size
                        + " bytes): make sure nothing writes to it during the image build");
            }
        }
    }
}
