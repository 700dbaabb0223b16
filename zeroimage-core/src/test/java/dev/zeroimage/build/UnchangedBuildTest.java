package dev.zeroimage.build;

import dev.zeroimage.cache.BlobStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unchanged-build record (issue 16): a hit on identical settings and file identities, a miss on any change. */
class UnchangedBuildTest {
    @TempDir
    Path dir;

    private BlobStore store;
    private Path executable;
    private Path tree;
    private Path output;
    private Path report;

    @BeforeEach
    void setUp() throws Exception {
        store = new BlobStore(dir.resolve("cache"));
        executable = Files.write(dir.resolve("app"), new byte[] {1, 2, 3});
        tree = Files.createDirectories(dir.resolve("extra"));
        Files.writeString(tree.resolve("a.txt"), "a");
        output = Files.write(dir.resolve("image.tar"), new byte[] {9});
        report = Files.writeString(dir.resolve("image.json"), "{}");
        check("s").remember("Built image app:1 x, in " + UnchangedBuild.MILLIS + " ms");
    }

    private UnchangedBuild check(String settings) throws Exception {
        return UnchangedBuild.of(store, settings, List.of(executable, tree, dir.resolve("absent.sbom.json")),
                List.of(output, report));
    }

    @Test
    void hitWhenNothingChanged() throws Exception {
        assertEquals(Optional.of("Built image app:1 x, in " + UnchangedBuild.MILLIS + " ms"), check("s").remembered());
    }

    @Test
    void missOnOtherSettings() throws Exception {
        assertTrue(check("t").remembered().isEmpty());
    }

    @Test
    void missWhenTheExecutableIsRewrittenWithTheSameSizeAndTime() throws Exception {
        FileTime time = Files.getLastModifiedTime(executable);
        Files.write(executable, new byte[] {1, 2, 4});
        Files.setLastModifiedTime(executable, time); // the change time still moves
        assertTrue(check("s").remembered().isEmpty());
    }

    @Test
    void missWhenTheExecutableChangesSize() throws Exception {
        Files.write(executable, new byte[] {1, 2, 3, 4});
        assertTrue(check("s").remembered().isEmpty());
    }

    @Test
    void missWhenTheExecutableOnlyChangesModificationTime() throws Exception {
        Files.setLastModifiedTime(executable, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertTrue(check("s").remembered().isEmpty());
    }

    @Test
    void missWhenAFileAppearsInAnInputDirectoryOrBesideTheExecutable() throws Exception {
        Files.writeString(tree.resolve("b.txt"), "b");
        assertTrue(check("s").remembered().isEmpty());
        check("s").remember("again");
        assertEquals(Optional.of("again"), check("s").remembered());
        Files.writeString(dir.resolve("absent.sbom.json"), "{}");
        assertTrue(check("s").remembered().isEmpty());
    }

    @Test
    void missWhenAnOutputWasTouchedOrDeleted() throws Exception {
        Files.write(output, new byte[] {8});
        assertTrue(check("s").remembered().isEmpty());
        check("s").remember("again");
        Files.delete(report);
        assertTrue(check("s").remembered().isEmpty());
    }

    @Test
    void damagedRecordIsAMiss() throws Exception {
        try (var records = Files.list(store.root().resolve("builds"))) {
            for (Path record : records.toList()) {
                Files.writeString(record, "garbage");
            }
        }
        assertTrue(check("s").remembered().isEmpty());
    }

    record Inner(Path file, List<Path> more) {
    }

    record Outer(Path top, Inner inner, Path sysroot, String name) {
    }

    @Test
    void describeTellsRecordsWithOtherComponentsApart() {
        Outer a = new Outer(Path.of("/a"), new Inner(Path.of("/b"), List.of(Path.of("/c"))), Path.of("/"), "x");
        Outer b = new Outer(Path.of("/a"), new Inner(Path.of("/b"), List.of(Path.of("/d"))), Path.of("/"), "x");
        assertEquals(UnchangedBuild.describe(a), UnchangedBuild.describe(
                new Outer(Path.of("/a"), new Inner(Path.of("/b"), List.of(Path.of("/c"))), Path.of("/"), "x")));
        assertTrue(!UnchangedBuild.describe(a).equals(UnchangedBuild.describe(b)));
        assertTrue(UnchangedBuild.describe(a).contains("/c"));
    }

    @Test
    void pathsInFindsEveryPathOfARecordButTheSkippedOnes() {
        Outer value = new Outer(Path.of("/a"), new Inner(Path.of("/b"), List.of(Path.of("/c"))), Path.of("/"), "x");
        assertEquals(List.of(Path.of("/a"), Path.of("/b"), Path.of("/c")), UnchangedBuild.pathsIn(value, Set.of("sysroot")));
    }
}
