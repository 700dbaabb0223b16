package dev.zeroimage.libraries;

import dev.zeroimage.elf.ElfInfo;
import dev.zeroimage.elf.ElfInspector;
import dev.zeroimage.elf.SyntheticElf;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.layer.LayerFiles;
import dev.zeroimage.util.WatchedPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paths a bundling plan rests on (issue 16): every bundled file, the sysroot's lookups and its
 * ld.so.conf are among them, all unchanged right after the plan, and a change to any of them that
 * could change the plan is seen.
 */
class BundleInputsTest {
    private static final String LOADER = "/lib64/ld-linux-x86-64.so.2";

    @TempDir
    Path dir;

    private Path sysroot;
    private Path multiarch;
    private Path program;

    private static Path lib(Path file, SyntheticElf elf) throws IOException {
        Files.createDirectories(file.getParent());
        return elf.type(ElfInfo.ET_DYN).write(file);
    }

    @BeforeEach
    void setUp() throws IOException {
        sysroot = dir.resolve("sysroot");
        multiarch = sysroot.resolve("usr/lib/x86_64-linux-gnu");
        lib(multiarch.resolve("ld-linux-x86-64.so.2"), new SyntheticElf().soname("ld-linux-x86-64.so.2"));
        Files.createDirectories(sysroot.resolve("lib64"));
        Files.createSymbolicLink(sysroot.resolve("lib64/ld-linux-x86-64.so.2"),
                Path.of("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
        Files.createSymbolicLink(sysroot.resolve("lib"), Path.of("usr/lib"));
        lib(multiarch.resolve("libc.so.6"), new SyntheticElf().soname("libc.so.6").interpreter(LOADER)
                .needed("ld-linux-x86-64.so.2").definesVersions("GLIBC_2.2.5"));
        lib(multiarch.resolve("libbar.so.2.0.1"), new SyntheticElf().soname("libbar.so.2").needed("libc.so.6"));
        Files.createSymbolicLink(multiarch.resolve("libbar.so.2"), Path.of("libbar.so.2.0.1"));
        Files.createDirectories(sysroot.resolve("etc/ld.so.conf.d"));
        Files.writeString(sysroot.resolve("etc/ld.so.conf"), "include /etc/ld.so.conf.d/*.conf\n");
        Files.writeString(sysroot.resolve("etc/ld.so.conf.d/local.conf"), "/opt/local/lib\n");
        Files.createDirectories(dir.resolve("build"));
        program = new SyntheticElf().interpreter(LOADER).needed("libbar.so.2", "libc.so.6")
                .needsVersions("libc.so.6", "GLIBC_2.2.5").write(dir.resolve("build/app"));
    }

    private LibraryPlan plan() throws IOException {
        BaseImage base = BaseImage.scratch();
        return Libraries.plan(ElfInspector.inspect(program), program, "/app", base, new LayerFiles(base.layers()),
                List.of(), new Libraries.Settings(LibraryMode.BUNDLE, List.of(), sysroot));
    }

    private static boolean allUnchanged(LibraryPlan plan) {
        return plan.inputs().stream().allMatch(WatchedPath::unchanged);
    }

    @Test
    void everyBundledFileAndTheSearchConfigurationAreWatchedAndUnchangedRightAfter() throws IOException {
        LibraryPlan plan = plan();
        assertEquals(3, plan.files().size(), plan.files().toString()); // loader, libbar, libc
        List<Path> watched = plan.inputs().stream().map(WatchedPath::path).toList();
        for (BundledFile file : plan.files()) {
            assertTrue(watched.contains(Path.of(file.source())), file.source() + " in " + watched);
        }
        assertTrue(watched.contains(sysroot.resolve("etc/ld.so.conf")));
        assertTrue(watched.contains(sysroot.resolve("etc/ld.so.cache")), "an absent cache is watched too");
        assertTrue(watched.contains(sysroot.resolve("lib")), "the /lib link");
        assertTrue(watched.contains(dir.resolve("build/" + GraalVmArtifacts.FILE_NAME)));
        assertTrue(plan.inputs().stream().anyMatch(p -> p.listing() && p.path().equals(sysroot.resolve("etc/ld.so.conf.d"))));
        assertTrue(allUnchanged(plan));
        assertEquals(plan.inputs(), plan().inputs(), "the same search again looks at the same paths");
    }

    @Test
    void aRewrittenLibraryIsSeen() throws IOException {
        LibraryPlan plan = plan();
        lib(multiarch.resolve("libbar.so.2.0.1"), new SyntheticElf().soname("libbar.so.2").needed("libc.so.6", "libm.so.6"));
        assertFalse(allUnchanged(plan));
    }

    @Test
    void aLinkRetargetedIsSeen() throws IOException {
        LibraryPlan plan = plan();
        lib(multiarch.resolve("libbar.so.2.0.2"), new SyntheticElf().soname("libbar.so.2").needed("libc.so.6"));
        Files.delete(multiarch.resolve("libbar.so.2"));
        Files.createSymbolicLink(multiarch.resolve("libbar.so.2"), Path.of("libbar.so.2.0.2"));
        assertFalse(allUnchanged(plan));
    }

    @Test
    void aLibraryAppearingEarlierInTheSearchIsSeen() throws IOException {
        LibraryPlan plan = plan();
        // ld.so.conf's directory comes before the default ones: the loader would take this libbar instead.
        lib(sysroot.resolve("opt/local/lib/libbar.so.2"), new SyntheticElf().soname("libbar.so.2").needed("libc.so.6"));
        assertFalse(allUnchanged(plan));
        assertTrue(plan().files().stream().anyMatch(f -> f.source().contains("/opt/local/lib/")),
                "and the new plan takes it");
    }

    @Test
    void aNewLdSoConfFileIsSeen() throws IOException {
        LibraryPlan plan = plan();
        Files.writeString(sysroot.resolve("etc/ld.so.conf.d/more.conf"), "/opt/more/lib\n");
        assertFalse(allUnchanged(plan));
    }

    @Test
    void aStaticProgramRestsOnNothing() throws IOException {
        program = new SyntheticElf().write(dir.resolve("build/static"));
        assertEquals(List.of(), plan().inputs());
    }
}
