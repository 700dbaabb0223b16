package dev.zeroimage.libraries;

import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.build.UnchangedBuild;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.util.WatchedPath;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static dev.zeroimage.libraries.RealFixtures.build;
import static dev.zeroimage.libraries.RealFixtures.compile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A warm libraries=bundle build (issue 16) of a real gcc program: the same image as the cold build, a
 * replay on the paths the bundling looked at, and a changed library is a miss that rebuilds.
 */
@Tag("real")
class WarmBundleBuildRealTest {
    @TempDir
    Path dir;

    private RealFixtures.Built build(BlobStore store, Path program, Path plugin, String tar) throws Exception {
        return RealFixtures.build(store, BuildOptions.builder(program).libraries(LibraryMode.BUNDLE)
                .extraLibraries(List.of(plugin.toString())), platform -> BaseImage.scratch(), dir.resolve(tar));
    }

    /** As the build goal does: key by settings and the program, remember the outputs and the watched paths. */
    private static UnchangedBuild check(BlobStore store, Path program, Path tar) throws Exception {
        return UnchangedBuild.of(store, "libraries=bundle", List.of(program), List.of(tar));
    }

    @Test
    void aWarmBuildIsTheColdImageAndATouchedLibraryRebuilds() throws Exception {
        Path src = dir.resolve("src");
        Path plugin = compile("gcc", src, "plugin.c", "libplugin.so", "-shared", "-fPIC");
        Path program = compile("gcc", src, "hello.c", "app", "-O1");
        BlobStore store = new BlobStore(dir.resolve("cache"));

        RealFixtures.Built cold = build(store, program, plugin, "cold.tar");
        assertTrue(cold.plan().bundles());
        List<Path> watched = cold.plan().inputs().stream().map(WatchedPath::path).toList();
        assertTrue(watched.contains(plugin) && watched.contains(Path.of("/etc/ld.so.cache")), watched.toString());
        for (BundledFile file : cold.plan().files()) {
            assertTrue(watched.contains(Path.of(file.source())), file.source());
        }
        check(store, program, cold.tar()).remember("built", cold.plan().inputs());
        assertEquals("built", check(store, program, cold.tar()).remembered().orElse(null), "nothing changed: a replay");

        RealFixtures.Built warm = build(store, program, plugin, "warm.tar");
        assertEquals(cold.image().digest(), warm.image().digest());
        assertArrayEquals(Files.readAllBytes(cold.tar()), Files.readAllBytes(warm.tar()));

        // Touched: not replayed; rebuilt, the same bytes give the same image.
        Files.setLastModifiedTime(plugin, FileTime.from(Instant.now().plusSeconds(5)));
        assertTrue(check(store, program, cold.tar()).remembered().isEmpty(), "a touched library is a miss");
        RealFixtures.Built touched = build(store, program, plugin, "touched.tar");
        assertEquals(cold.image().digest(), touched.image().digest());
        check(store, program, cold.tar()).remember("built", touched.plan().inputs());
        assertEquals("built", check(store, program, cold.tar()).remembered().orElse(null));

        // Changed content: a miss, and a new image.
        compile("gcc", src, "plugin.c", "libplugin.so", "-shared", "-fPIC", "-O2", "-DCHANGED=1", "-g");
        assertTrue(check(store, program, cold.tar()).remembered().isEmpty(), "a rebuilt library is a miss");
        RealFixtures.Built changed = build(store, program, plugin, "changed.tar");
        assertNotEquals(cold.image().digest(), changed.image().digest());
    }
}
