package dev.zeroimage.build;

import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.util.WatchedPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unchanged-build record of a bundling build (issue 16): the paths the sysroot search looked at are
 * remembered with the outputs, and a replay needs each of them as it was.
 */
class UnchangedBundleBuildTest {
    private static final String SUMMARY = "Built image app:1 x, in " + UnchangedBuild.MILLIS + " ms";

    @TempDir
    Path dir;

    private BlobStore store;
    private Path executable;
    private Path output;
    private Path libc;
    private Path searched;
    private Path confDir;

    @BeforeEach
    void setUp() throws Exception {
        store = new BlobStore(dir.resolve("cache"));
        executable = Files.write(dir.resolve("app"), new byte[] {1, 2, 3});
        output = Files.write(dir.resolve("image.tar"), new byte[] {9});
        libc = Files.write(Files.createDirectories(dir.resolve("sysroot/lib")).resolve("libc.so.6"), new byte[] {7, 7});
        searched = dir.resolve("sysroot/usr/lib/libc.so.6"); // looked at first, not there
        confDir = Files.createDirectories(dir.resolve("sysroot/etc/ld.so.conf.d"));
        check("bundle").remember(SUMMARY, List.of(WatchedPath.look(searched), WatchedPath.look(libc),
                WatchedPath.listing(confDir)));
    }

    private UnchangedBuild check(String settings) throws Exception {
        return UnchangedBuild.of(store, settings, List.of(executable), List.of(output));
    }

    @Test
    void hitWhenNoWatchedPathChanged() throws Exception {
        assertEquals(Optional.of(SUMMARY), check("bundle").remembered());
        assertEquals(Optional.of(SUMMARY), check("bundle").remembered(), "looking does not change anything");
    }

    @Test
    void replayRepeatsTheLinesLoggedBeforeTheSummary() throws Exception {
        String bundled = "Bundled 1 library (2 B) from /: libc.so.6";
        check("bundle").remember(SUMMARY, List.of(bundled), List.of(WatchedPath.look(libc)));
        assertEquals(Optional.of(List.of(bundled, SUMMARY)), check("bundle").rememberedLines());
        assertEquals(Optional.of(SUMMARY), check("bundle").remembered());

        Files.write(libc, new byte[] {7, 7, 7});
        assertEquals(Optional.empty(), check("bundle").rememberedLines(), "a changed library: nothing to repeat");
    }

    @Test
    void missWhenALibraryChangesSize() throws Exception {
        Files.write(libc, new byte[] {7, 7, 7});
        assertTrue(check("bundle").remembered().isEmpty());
    }

    @Test
    void missWhenALibraryOnlyChangesModificationTime() throws Exception {
        Files.setLastModifiedTime(libc, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertTrue(check("bundle").remembered().isEmpty());
    }

    @Test
    void missWhenALibraryIsRewrittenWithTheSameSizeAndTime() throws Exception {
        FileTime time = Files.getLastModifiedTime(libc);
        Files.write(libc, new byte[] {7, 8});
        Files.setLastModifiedTime(libc, time); // its change time and the inode's ctime still move
        assertTrue(check("bundle").remembered().isEmpty());
    }

    @Test
    void missWhenALibraryIsReplacedByALink() throws Exception {
        Path real = Files.move(libc, libc.resolveSibling("libc-2.36.so"));
        Files.createSymbolicLink(libc, real.getFileName());
        assertTrue(check("bundle").remembered().isEmpty());
    }

    @Test
    void missWhenALibraryAppearsWhereTheSearchFoundNone() throws Exception {
        Files.createDirectories(searched.getParent());
        Files.write(searched, new byte[] {7, 7});
        assertTrue(check("bundle").remembered().isEmpty());
    }

    @Test
    void missWhenAListedDirectoryGainsAnEntry() throws Exception {
        Files.writeString(confDir.resolve("extra.conf"), "/opt/lib\n");
        assertTrue(check("bundle").remembered().isEmpty());
    }

    @Test
    void missOnOtherOptions() throws Exception {
        assertTrue(check("bundle sysroot=/other").remembered().isEmpty());
    }

    @Test
    void aDamagedWatchedLineIsAMissNotAnError() throws Exception {
        for (String damage : List.of("watched P nothex " + libc, "watched X " + "0".repeat(64) + " " + libc,
                "watched P " + "0".repeat(64), "watched L " + "0".repeat(64) + " relative/path", "watched ")) {
            try (var records = Files.list(store.root().resolve("builds"))) {
                for (Path record : records.toList()) {
                    String text = Files.readString(record);
                    Files.writeString(record, text.replaceFirst("watched P [0-9a-f]{64} " + java.util.regex.Pattern.quote(
                            libc.toString()), java.util.regex.Matcher.quoteReplacement(damage)));
                    assertTrue(!Files.readString(record).equals(text), "the record was damaged");
                }
            }
            assertTrue(check("bundle").remembered().isEmpty(), damage);
            check("bundle").remember(SUMMARY, List.of(WatchedPath.look(libc)));
            assertEquals(Optional.of(SUMMARY), check("bundle").remembered(), "a new record heals it");
        }
    }

    @Test
    void aWatchedStateThatDoesNotMatchIsAMiss() throws Exception {
        check("bundle").remember(SUMMARY, List.of(new WatchedPath(libc, false, "0".repeat(64))));
        assertTrue(check("bundle").remembered().isEmpty());
    }
}
