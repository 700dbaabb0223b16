package dev.zeroimage.layer;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TarLayerWriterTest {
    private static final Instant TIME = Instant.parse("2024-05-01T10:00:00Z");

    private static byte[] tar(LayerContents contents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TarLayerWriter(TIME).write(contents, out);
        return out.toByteArray();
    }

    private static Path program(Path dir, String permissions, Instant mtime) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("app");
        Files.writeString(file, "#not really a program\n".repeat(100));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        Files.setLastModifiedTime(file, FileTime.from(mtime));
        return file;
    }

    @Test
    void sameBytesWhateverTheSourceFileTimesPermissionsAndDirectory(@TempDir Path temp) throws IOException {
        Path first = program(temp.resolve("a"), "rwx------", Instant.parse("2001-01-01T00:00:00Z"));
        Path second = program(temp.resolve("b/deeper"), "rwxr-xr-x", Instant.now());
        byte[] one = tar(new LayerContents().add(LayerEntry.file("/usr/bin/app", first, 0755)));
        byte[] two = tar(new LayerContents().add(LayerEntry.file("/usr/bin/app", second, 0755)));
        assertArrayEquals(one, two);
    }

    @Test
    void entriesAreSortedWithParentsFixedOwnersAndTime(@TempDir Path temp) throws IOException {
        Path file = program(temp, "rw-------", Instant.now());
        LayerContents contents = new LayerContents()
                .add(LayerEntry.content("/etc/zeta.conf", "z".getBytes(StandardCharsets.UTF_8), 0644))
                .add(LayerEntry.file("/usr/bin/app", file, 0755))
                .add(LayerEntry.directory("/tmp", 01777))
                .add(LayerEntry.content("/etc/alpha.conf", "a".getBytes(StandardCharsets.UTF_8), 0600).ownedBy(65532, 65532));
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar(contents)))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                names.add(entry.getName());
                assertEquals(TIME, entry.getModTime().toInstant(), entry.getName());
                assertEquals("", entry.getUserName(), entry.getName());
                assertEquals("", entry.getGroupName(), entry.getName());
                switch (entry.getName()) {
                    case "usr/bin/app" -> assertEquals(0100755, entry.getMode());
                    case "tmp/" -> assertEquals(041777, entry.getMode());
                    case "usr/" -> assertEquals(040755, entry.getMode());
                    case "etc/alpha.conf" -> {
                        assertEquals(65532, entry.getLongUserId());
                        assertEquals(0100600, entry.getMode());
                    }
                    default -> assertEquals(0, entry.getLongUserId(), entry.getName());
                }
            }
        }
        assertEquals(List.of("etc/", "etc/alpha.conf", "etc/zeta.conf", "tmp/", "usr/", "usr/bin/", "usr/bin/app"), names);
    }

    @Test
    void directoryTreesAreAddedRecursivelyInSortedOrder(@TempDir Path temp) throws IOException {
        Path tree = temp.resolve("config");
        Files.createDirectories(tree.resolve("b/c"));
        Files.writeString(tree.resolve("b/c/x.yml"), "x");
        Files.writeString(tree.resolve("a.txt"), "a");
        Files.createSymbolicLink(tree.resolve("link"), Path.of("a.txt"));
        LayerContents contents = new LayerContents().addTree(tree, "/etc/app", 0640);
        List<String> paths = contents.entries().stream().map(LayerEntry::path).toList();
        assertEquals(List.of("/etc", "/etc/app", "/etc/app/a.txt", "/etc/app/b", "/etc/app/b/c", "/etc/app/b/c/x.yml",
                "/etc/app/link"), paths);
        assertEquals(0640, contents.get("/etc/app/a.txt").mode());
        assertEquals(LayerEntry.Kind.SYMLINK, contents.get("/etc/app/link").kind());
    }

    @Test
    void twoFilesAtOnePathIsAnErrorThatNamesThePath() {
        LayerContents contents = new LayerContents().add(LayerEntry.content("/app", new byte[1], 0755));
        var error = assertThrows(dev.zeroimage.ZeroImageException.class,
                () -> contents.add(LayerEntry.content("/app", new byte[2], 0755)));
        assertTrue(error.getMessage().contains("/app"), error.getMessage());
    }

    @Test
    void pathsMustBeAbsoluteAndWithoutDotDot() {
        assertThrows(dev.zeroimage.ZeroImageException.class, () -> LayerEntry.normalize("app"));
        assertThrows(dev.zeroimage.ZeroImageException.class, () -> LayerEntry.normalize("/a/../etc/passwd"));
        assertEquals("/usr/bin/app", LayerEntry.normalize("//usr/bin//app/"));
        assertFalse(LayerEntry.normalize("/").isEmpty());
    }
}
