package dev.zeroimage.archive;

import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Layer;
import dev.zeroimage.layer.LayerTee;
import dev.zeroimage.layer.TarOutput;
import dev.zeroimage.util.AtomicFiles;
import dev.zeroimage.util.TempFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A single image's archive written while the image is built (issue 16). A layer being compressed goes
 * into the temporary tar as it is made, flushed to disk in the background like the cache's copy; once
 * the image is done only config, manifest and the small files are left to add. Without it the finished
 * layer was copied into the tar afterwards and flushed again: 70-100 ms for a 100 MB executable, all of
 * it on the critical path.
 *
 * <p>The archive's layers run from the top down ({@link OciArchiveWriter#layerOrder}), so the builder
 * must make the top layer first; {@link #complete} checks that the layers it got are the start of that
 * order and otherwise leaves the archive to {@link OciArchiveWriter#write}. The bytes are the same either
 * way. Nothing is written until the first layer is compressed: a build that takes every layer from the
 * cache leaves the draft unused. Closing a draft that was not completed deletes its file.
 */
public final class ArchiveDraft implements LayerTee, Closeable {
    private final OciArchiveWriter writer;
    private final Path output;
    /** Layers from the cache told before the first compressed one: they go in when the file is started. */
    private final List<Layer> pending = new ArrayList<>();
    /** The layers in the tar so far, in order. */
    private final List<Digest> written = new ArrayList<>();
    private TempFile temp;
    private TarOutput tar;
    private long headerAt = -1; // the blank header record of the layer being compressed

    ArchiveDraft(OciArchiveWriter writer, Path output) {
        this.writer = writer;
        this.output = output;
    }

    @Override
    public void cached(Layer layer) throws IOException {
        if (temp == null) {
            pending.add(layer);
        } else {
            put(layer);
        }
    }

    @Override
    public OutputStream begin() throws IOException {
        if (temp == null) {
            temp = AtomicFiles.tempFileFor(output);
            tar = new TarOutput(temp.output(), false);
            writer.putDirectories(tar);
            for (Layer layer : pending) {
                put(layer);
            }
            pending.clear();
        }
        headerAt = tar.putUnsizedEntry();
        return tar.content();
    }

    @Override
    public void end(Layer layer) throws IOException {
        Digest digest = layer.descriptor().digest();
        if (written.contains(digest)) {
            cutBack(); // the same bytes as a layer already in: once is enough
            return;
        }
        TarArchiveEntry entry = writer.newEntry(OciArchiveWriter.blobName(digest), TarConstants.LF_NORMAL, 0100644);
        entry.setSize(layer.descriptor().size());
        Optional<byte[]> header = tar.closeUnsizedEntry(entry);
        if (header.isEmpty()) {
            cutBack(); // a header of PAX records (a layer of 8 GiB or more): copied in from the cache instead
            put(layer);
            return;
        }
        temp.writeAt(headerAt, header.get());
        headerAt = -1;
        written.add(digest);
    }

    @Override
    public void abandon() {
        try {
            cutBack();
        } catch (IOException e) {
            // the build is failing already; close() deletes the file
        }
    }

    /**
     * Adds what the layers so far leave out and moves the archive to its place. False when there is
     * nothing to complete: no layer was compressed, or the layers did not come in the archive's order
     * (the draft is then discarded, and the caller writes the archive itself).
     */
    boolean complete(Image image, ImageReference reference) throws IOException {
        if (temp == null) {
            return false;
        }
        List<Layer> order = OciArchiveWriter.layerOrder(image);
        List<Digest> expected = order.stream().map(layer -> layer.descriptor().digest()).toList();
        if (headerAt >= 0 || written.size() > expected.size() || !expected.subList(0, written.size()).equals(written)) {
            close();
            return false;
        }
        for (Layer layer : order.subList(written.size(), order.size())) {
            put(layer);
        }
        writer.putImageFiles(tar, image, reference);
        temp.moveTo(output);
        return true;
    }

    /** Deletes the file unless {@link #complete} moved it into place. */
    @Override
    public void close() throws IOException {
        if (temp != null) {
            temp.close();
            temp = null;
        }
    }

    private void put(Layer layer) throws IOException {
        Digest digest = layer.descriptor().digest();
        if (!written.contains(digest)) {
            writer.putLayer(tar, layer);
            written.add(digest);
        }
    }

    /** Removes the layer being compressed from the tar, back to its blank header record. */
    private void cutBack() throws IOException {
        if (headerAt >= 0) {
            temp.truncate(headerAt);
            tar.rewindTo(headerAt);
            headerAt = -1;
        }
    }
}
