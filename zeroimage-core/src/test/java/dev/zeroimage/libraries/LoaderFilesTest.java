package dev.zeroimage.libraries;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ld.so.cache and the dpkg database, from hand-made files. */
class LoaderFilesTest {
    @TempDir
    Path dir;

    /** A "glibc-ld.so.cache1.1" file after an (empty) old-format part, as ldconfig writes it. */
    private static byte[] cache(Map<String, String> entries) {
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        int headerAndEntries = 48 + 24 * entries.size();
        ByteBuffer table = ByteBuffer.allocate(headerAndEntries).order(ByteOrder.LITTLE_ENDIAN);
        table.put("glibc-ld.so.cache1.1".getBytes(StandardCharsets.US_ASCII));
        table.putInt(20, entries.size());
        int at = 48;
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            int key = headerAndEntries + strings.size();
            strings.writeBytes((entry.getKey() + "\0").getBytes(StandardCharsets.UTF_8));
            int value = headerAndEntries + strings.size();
            strings.writeBytes((entry.getValue() + "\0").getBytes(StandardCharsets.UTF_8));
            table.putInt(at, 0x0303).putInt(at + 4, key).putInt(at + 8, value);
            at += 24;
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("ld.so-1.7.0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
        file.writeBytes(table.array());
        file.writeBytes(strings.toByteArray());
        return file.toByteArray();
    }

    @Test
    void readsTheNewFormatOfLdSoCache() {
        Map<String, List<String>> parsed = LdSoCache.parse(cache(Map.of("libz.so.1", "/opt/z/libz.so.1")), true);
        assertEquals(Map.of("libz.so.1", List.of("/opt/z/libz.so.1")), parsed);
        assertEquals(Map.of(), LdSoCache.parse("not a cache".getBytes(StandardCharsets.US_ASCII), true));
        byte[] truncated = cache(Map.of("libz.so.1", "/opt/z/libz.so.1"));
        assertEquals(Map.of(), LdSoCache.parse(java.util.Arrays.copyOf(truncated, 70), true));
    }

    @Test
    void theCacheAndLdSoConfIncludesAddCandidatesBeforeTheDefaults() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("etc/ld.so.conf.d"));
        Files.write(root.resolve("etc/ld.so.cache"), cache(Map.of("libz.so.1", "/opt/z/libz.so.1")));
        Files.writeString(root.resolve("etc/ld.so.conf"), "/usr/local/lib # local\ninclude ld.so.conf.d/*.conf\n");
        Files.writeString(root.resolve("etc/ld.so.conf.d/b.conf"), "/opt/b:/opt/c\n");
        Files.writeString(root.resolve("etc/ld.so.conf.d/a.conf"), "/opt/a\n");
        Files.writeString(root.resolve("etc/ld.so.conf.d/skip.txt"), "/opt/never\n");
        Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        HostTree tree = new HostTree(root);
        dev.zeroimage.elf.ElfInfo elf = dev.zeroimage.elf.ElfInspector.inspect(new dev.zeroimage.elf.SyntheticElf()
                .interpreter("/lib64/ld-linux-x86-64.so.2").needed("libz.so.1").write(dir.resolve("app")));
        LoaderSearch search = LoaderSearch.of(tree, tree, elf, false);
        assertEquals(LoaderSearch.Style.DEBIAN, search.style());
        assertEquals(List.of("/opt/z/libz.so.1", "/usr/local/lib/libz.so.1", "/opt/a/libz.so.1", "/opt/b/libz.so.1",
                "/opt/c/libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/x86_64-linux-gnu/libz.so.1",
                "/lib/libz.so.1", "/usr/lib/libz.so.1"), search.candidates("libz.so.1"));
        assertEquals("/lib/x86_64-linux-gnu", search.bundleDirectory());
    }

    @Test
    void dpkgNamesTheOwnerAndVersion() throws Exception {
        Path dpkg = Files.createDirectories(dir.resolve("root/var/lib/dpkg/info"));
        Files.writeString(dpkg.resolve("zlib1g:amd64.list"), "/.\n/lib\n/lib/x86_64-linux-gnu/libz.so.1.2.13\n"
                + "/lib/x86_64-linux-gnu/libz.so.1\n");
        Files.writeString(dpkg.resolve("other.list"), "/usr/share/doc/other/libz.so.1.2.13.txt\n");
        Files.writeString(dpkg.getParent().resolve("status"), "Package: other\nVersion: 1\n\n"
                + "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:1.2.13.dfsg-1\n");
        DpkgDatabase db = DpkgDatabase.under(dir.resolve("root")).orElseThrow();
        db.index(Set.of("libz.so.1.2.13"));
        assertEquals(Optional.of(new DpkgDatabase.Owner("zlib1g", "1:1.2.13.dfsg-1")),
                db.owner(List.of("/usr/lib/x86_64-linux-gnu/libz.so.1.2.13", "/lib/x86_64-linux-gnu/libz.so.1.2.13")));
        assertEquals(Optional.empty(), db.owner(List.of("/lib/x86_64-linux-gnu/libnone.so")));
        assertEquals(Optional.empty(), DpkgDatabase.under(dir.resolve("nothing")));
    }
}
