package dev.zeroimage.layer;

import dev.zeroimage.ZeroImageException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;

/**
 * A tar reader for archives we did not write (base layers, base image archives). commons-compress
 * holds a PAX header or GNU long name in memory whatever size its header declares, so a hostile
 * 3 GiB entry name runs the JVM out of memory; this reader refuses such headers (and over-long
 * names, and endless sparse-header chains) with an error naming {@code what} is being read.
 */
public final class BoundedTarInputStream extends TarArchiveInputStream {
    /** Far above any real PAX header or long name (Linux paths end at 4096 bytes). */
    public static final int MAX_HEADER_DATA = 1024 * 1024;
    /** Longest entry or link name accepted. */
    public static final int MAX_NAME_LENGTH = 64 * 1024;
    /** Global PAX headers accumulate; together they stay this small. */
    private static final int MAX_GLOBAL_HEADER_DATA = 1024 * 1024;
    /** Old GNU sparse headers chain 512-byte records; a real file needs a handful. */
    private static final int MAX_RECORDS_PER_HEADER = 4096;

    private final String what;
    private int recordsThisHeader;
    private long globalHeaderData;
    private TarArchiveEntry checkedHeader;

    /** {@code what}: the archive for messages ("layer sha256:… of base image alpine:3.20"). */
    public BoundedTarInputStream(InputStream in, String what) {
        super(in);
        this.what = what;
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        recordsThisHeader = 0;
        TarArchiveEntry entry = super.getNextEntry();
        if (entry != null) {
            checkName(entry.getName(), "name");
            checkName(entry.getLinkName(), "link target");
        }
        return entry;
    }

    @Override
    protected byte[] readRecord() throws IOException {
        if (++recordsThisHeader > MAX_RECORDS_PER_HEADER) {
            throw new ZeroImageException("The " + what + " has a tar header chained over more than "
                    + MAX_RECORDS_PER_HEADER + " records (a hostile sparse header?): refusing to read it");
        }
        return super.readRecord();
    }

    @Override
    public int read() throws IOException {
        checkHeaderData();
        return super.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkHeaderData();
        return super.read(buffer, offset, length);
    }

    /** Runs before commons-compress reads a header's data into memory (it reads it through this stream). */
    private void checkHeaderData() {
        TarArchiveEntry current = getCurrentEntry();
        if (current == null || current == checkedHeader) {
            return;
        }
        boolean header = current.isPaxHeader() || current.isGlobalPaxHeader()
                || current.isGNULongNameEntry() || current.isGNULongLinkEntry();
        if (!header) {
            return;
        }
        checkedHeader = current;
        long size = current.getSize();
        if (size > MAX_HEADER_DATA) {
            throw new ZeroImageException("The " + what + " has a tar " + (current.isGNULongNameEntry()
                    || current.isGNULongLinkEntry() ? "long-name" : "PAX") + " header of " + size
                    + " bytes, more than the " + MAX_HEADER_DATA + " an entry name or attributes can need"
                    + " (a hostile archive?): refusing to read it");
        }
        if (current.isGlobalPaxHeader()) {
            globalHeaderData += size;
            if (globalHeaderData > MAX_GLOBAL_HEADER_DATA) {
                throw new ZeroImageException("The " + what + " has more than " + MAX_GLOBAL_HEADER_DATA
                        + " bytes of global PAX headers (a hostile archive?): refusing to read it");
            }
        }
    }

    private void checkName(String name, String kind) {
        if (name != null && name.length() > MAX_NAME_LENGTH) {
            throw new ZeroImageException("The " + what + " has an entry whose " + kind + " is " + name.length()
                    + " characters long (starting '" + name.substring(0, 64) + "…'), more than the "
                    + MAX_NAME_LENGTH + " accepted: refusing to read it");
        }
    }
}
