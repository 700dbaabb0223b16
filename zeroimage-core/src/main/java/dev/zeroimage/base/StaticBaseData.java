package dev.zeroimage.base;

import dev.zeroimage.layer.LayerContents;
import dev.zeroimage.layer.LayerEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.zip.GZIPInputStream;

/**
 * The pinned data of the static base, read from the resources under {@code dev/zeroimage/base/static/}
 * that {@code scripts/update-static-base-data.sh} writes. A missing or broken resource is a packaging
 * bug of zeroimage, not something users can fix, so it is an {@link IllegalStateException}.
 */
final class StaticBaseData {
    static final String CA_BUNDLE = "static/ca-certificates.crt";
    static final String ZONEINFO = "static/zoneinfo.tar.gz";
    static final String VERSIONS = "static/VERSIONS.properties";

    /** Far above the largest zone file (tzdata.zi, about 110 KB); guards against a corrupt archive. */
    private static final long MAX_ZONE_FILE = 4L * 1024 * 1024;

    private StaticBaseData() {
    }

    private static final class Versions {
        static final Properties PROPERTIES = load();

        private static Properties load() {
            Properties properties = new Properties();
            try (InputStream in = open(VERSIONS)) {
                properties.load(in);
            } catch (IOException e) {
                throw broken(VERSIONS, e);
            }
            return properties;
        }
    }

    /** The version of a source package ({@code ca-certificates}, {@code tzdata}). */
    static String version(String sourcePackage) {
        String version = Versions.PROPERTIES.getProperty(sourcePackage + ".version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException("zeroimage is packaged without " + sourcePackage + ".version in "
                    + VERSIONS + ": rebuild it after running scripts/update-static-base-data.sh");
        }
        return version.trim();
    }

    /**
     * The dpkg record of a package ({@code static/<package>.dpkg}), as distroless has it under
     * {@code /var/lib/dpkg/status.d/}. Its {@code Version} must be the pinned one.
     */
    static byte[] dpkgRecord(String debianPackage) {
        String resource = "static/" + debianPackage + ".dpkg";
        byte[] record;
        try (InputStream in = open(resource)) {
            record = in.readAllBytes();
        } catch (IOException e) {
            throw broken(resource, e);
        }
        String text = new String(record, java.nio.charset.StandardCharsets.UTF_8);
        if (!text.startsWith("Package: " + debianPackage + "\n")
                || !text.contains("\nVersion: " + version(debianPackage) + "\n")) {
            throw broken(resource, new IOException("it is not the record of " + debianPackage + " "
                    + version(debianPackage)));
        }
        return record;
    }

    static byte[] caBundle() {
        try (InputStream in = open(CA_BUNDLE)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw broken(CA_BUNDLE, e);
        }
    }

    /**
     * Adds every zone file (0644, root) and link (a relative symlink, as Debian has it) of the
     * archive under {@code target}. The archive holds no directories; their parents are implicit.
     */
    static void addZoneinfo(LayerContents contents, String target) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(open(ZONEINFO), 64 * 1024))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                if (name.isEmpty() || name.startsWith("/")) {
                    throw broken(ZONEINFO, new IOException("bad entry name '" + name + "'"));
                }
                String path = target + "/" + name;
                if (entry.isSymbolicLink()) {
                    String link = entry.getLinkName();
                    if (link == null || link.isEmpty() || link.startsWith("/")) {
                        throw broken(ZONEINFO, new IOException(name + " links to '" + link + "', not a relative path"));
                    }
                    contents.add(LayerEntry.symlink(path, link));
                } else if (entry.isFile() && !entry.isLink()) {
                    if (entry.getSize() > MAX_ZONE_FILE) {
                        throw broken(ZONEINFO, new IOException(name + " is " + entry.getSize() + " bytes"));
                    }
                    contents.add(LayerEntry.content(path, tar.readAllBytes(), 0644));
                } else if (!entry.isDirectory()) {
                    throw broken(ZONEINFO, new IOException(name + " is neither a file nor a symlink"));
                }
            }
        } catch (IOException e) {
            throw broken(ZONEINFO, e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = StaticBaseData.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("zeroimage is packaged without its resource dev/zeroimage/base/"
                    + resource + ": rebuild it after running scripts/update-static-base-data.sh");
        }
        return in;
    }

    private static IllegalStateException broken(String resource, IOException cause) {
        return new IllegalStateException("Cannot read the resource dev/zeroimage/base/" + resource
                + " of zeroimage (" + cause.getMessage() + "): regenerate it with scripts/update-static-base-data.sh", cause);
    }
}
