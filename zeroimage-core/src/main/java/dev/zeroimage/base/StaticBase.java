package dev.zeroimage.base;

import dev.zeroimage.layer.LayerContents;
import dev.zeroimage.layer.LayerEntry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The built-in {@code static} base: what a static executable misses in a scratch image, generated
 * here with no download. Users ({@code root}, {@code nobody}, {@code nonroot} with distroless' ids),
 * a world-writable {@code /tmp}, home directories, {@code nsswitch.conf}, the Mozilla CA roots,
 * the IANA time zones, and the dpkg records of the two Debian packages those come from. The CA bundle and time zones come from Debian packages, pinned as resources
 * by {@code scripts/update-static-base-data.sh} (see {@code docs/static-base.md}).
 *
 * <p>Every call gives the same entries with the same bytes for the same arguments.
 */
public final class StaticBase {
    /** The name users give as the base image. */
    public static final String NAME = "static";

    /** The CA bundle, where Debian, Ubuntu, Go, Rust and OpenSSL builds for Debian look. */
    public static final String CA_BUNDLE_PATH = "/etc/ssl/certs/ca-certificates.crt";
    public static final String ZONEINFO_PATH = "/usr/share/zoneinfo";
    /** Where distroless keeps one dpkg record per package, and image scanners look for them. */
    public static final String DPKG_STATUS_DIRECTORY = "/var/lib/dpkg/status.d";
    /** The Debian packages the data comes from, in name order. */
    public static final List<String> DEBIAN_PACKAGES = List.of("ca-certificates", "tzdata");

    public static final int NONROOT_UID = 65532;
    public static final int NOBODY_UID = 65534;

    static final String LABEL_PREFIX = "dev.zeroimage.static.";

    private static final String PASSWD = """
            root:x:0:0:root:/root:/sbin/nologin
            nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
            nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
            """;

    private static final String GROUP = """
            root:x:0:
            nobody:x:65534:
            nonroot:x:65532:
            """;

    private static final String NSSWITCH = """
            # zeroimage static base: users and groups from /etc, host names from /etc/hosts, then DNS.
            passwd:         files
            group:          files
            shadow:         files
            gshadow:        files

            hosts:          files dns
            networks:       files

            protocols:      files
            services:       files
            ethers:         files
            rpc:            files

            netgroup:       files
            """;

    private StaticBase() {
    }

    /**
     * The contents of the static base layer.
     *
     * @param extraCaCertificates PEM files appended to the CA bundle, in this order; each must parse as
     *                            X.509 PEM, else a {@link dev.zeroimage.ZeroImageException} names it.
     *                            Null means none.
     * @param replaceCaBundle     when true the bundle consists only of {@code extraCaCertificates}
     */
    public static LayerContents contents(List<Path> extraCaCertificates, boolean replaceCaBundle) {
        List<Path> extras = extraCaCertificates == null ? List.of() : extraCaCertificates;
        // The bundle first: a bad PEM file is the likeliest failure, and it is the user's to fix.
        byte[] caBundle = StaticBaseCertificates.bundle(extras, replaceCaBundle);

        LayerContents contents = new LayerContents();
        contents.add(LayerEntry.content("/etc/passwd", utf8(PASSWD), 0644));
        contents.add(LayerEntry.content("/etc/group", utf8(GROUP), 0644));
        contents.add(LayerEntry.content("/etc/nsswitch.conf", utf8(NSSWITCH), 0644));

        contents.add(LayerEntry.directory("/tmp", 01777));
        contents.add(LayerEntry.directory("/root", 0700));
        contents.add(LayerEntry.directory("/home/nonroot", 0700).ownedBy(NONROOT_UID, NONROOT_UID));

        contents.add(LayerEntry.content(CA_BUNDLE_PATH, caBundle, 0644));
        // Alpine, LibreSSL and Go also look here.
        contents.add(LayerEntry.symlink("/etc/ssl/cert.pem", "certs/ca-certificates.crt"));

        StaticBaseData.addZoneinfo(contents, ZONEINFO_PATH);
        for (String debianPackage : DEBIAN_PACKAGES) {
            contents.add(LayerEntry.content(DPKG_STATUS_DIRECTORY + "/" + debianPackage,
                    StaticBaseData.dpkgRecord(debianPackage), 0644));
        }
        return contents;
    }

    /**
     * Image labels describing what is inside: {@code dev.zeroimage.static.ca-certificates} and
     * {@code dev.zeroimage.static.tzdata}, the Debian package versions the data was taken from.
     * Extra CA certificates are not reflected here. Iterates in key order.
     */
    public static Map<String, String> labels() {
        Map<String, String> labels = new TreeMap<>();
        labels.put(LABEL_PREFIX + "ca-certificates", StaticBaseData.version("ca-certificates"));
        labels.put(LABEL_PREFIX + "tzdata", StaticBaseData.version("tzdata"));
        // Sorted, so the config JSON is the same on every run.
        return Collections.unmodifiableMap(labels);
    }

    /** The Debian packages the data comes from and their versions (architecture {@code all}), in name order. */
    public static Map<String, String> debianPackages() {
        Map<String, String> versions = new TreeMap<>();
        for (String debianPackage : DEBIAN_PACKAGES) {
            versions.put(debianPackage, StaticBaseData.version(debianPackage));
        }
        return Collections.unmodifiableMap(versions);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
