package dev.zeroimage.libraries;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.elf.ElfInfo;
import dev.zeroimage.elf.ElfInspector;
import dev.zeroimage.elf.SyntheticElf;
import dev.zeroimage.layer.LayerContents;
import dev.zeroimage.layer.LayerEntry;
import dev.zeroimage.layer.LayerFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resolution and placement with synthetic ELF files (no compiler): run paths with $ORIGIN, the
 * loader's default directories, ELF class/machine filtering, symlinks followed, libraries the base
 * provides, usr-merged bases, and the glibc version check.
 */
class LibraryResolutionTest {
    private static final String LOADER = "/lib64/ld-linux-x86-64.so.2";

    @TempDir
    Path dir;

    private Path sysroot;
    private BlobStore store;

    private Path lib(Path file, SyntheticElf elf) throws IOException {
        Files.createDirectories(file.getParent());
        return elf.type(ElfInfo.ET_DYN).write(file);
    }

    /** A Debian-like sysroot: loader, libc (defining GLIBC_2.34), libgcc_s, libbar via a symlink, a 32-bit decoy. */
    private void debianSysroot() throws IOException {
        sysroot = dir.resolve("sysroot");
        Path multiarch = sysroot.resolve("usr/lib/x86_64-linux-gnu");
        lib(multiarch.resolve("ld-linux-x86-64.so.2"), new SyntheticElf().soname("ld-linux-x86-64.so.2"));
        Files.createDirectories(sysroot.resolve("lib64"));
        Files.createSymbolicLink(sysroot.resolve("lib64/ld-linux-x86-64.so.2"),
                Path.of("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
        Files.createSymbolicLink(sysroot.resolve("lib"), Path.of("usr/lib"));
        lib(multiarch.resolve("libc.so.6"), new SyntheticElf().soname("libc.so.6").interpreter(LOADER)
                .needed("ld-linux-x86-64.so.2").definesVersions("GLIBC_2.2.5", "GLIBC_2.34"));
        lib(multiarch.resolve("libgcc_s.so.1"), new SyntheticElf().soname("libgcc_s.so.1").needed("libc.so.6"));
        lib(multiarch.resolve("libbar.so.2.0.1"), new SyntheticElf().soname("libbar.so.2").needed("libc.so.6"));
        Files.createSymbolicLink(multiarch.resolve("libbar.so.2"), Path.of("libbar.so.2.0.1"));
        // The loader skips a 32-bit library of the same name in an earlier directory of its search.
        lib(sysroot.resolve("usr/lib/i386-decoy/libbar.so.2"), new SyntheticElf().elfClass(32).machine(3));
        Files.createDirectories(sysroot.resolve("etc"));
        Files.writeString(sysroot.resolve("etc/ld.so.conf"), "include /etc/ld.so.conf.d/*.conf\n");
        Files.createDirectories(sysroot.resolve("etc/ld.so.conf.d"));
        Files.writeString(sysroot.resolve("etc/ld.so.conf.d/decoy.conf"), "# first\n/usr/lib/i386-decoy\n");
        store = new BlobStore(dir.resolve("store"));
    }

    /** The program in build/bin with a private library in build/lib found through $ORIGIN/../lib. */
    private Path program(String... needed) throws IOException {
        Path build = dir.resolve("build");
        lib(build.resolve("lib/libfoo.so.1"), new SyntheticElf().soname("libfoo.so.1").needed("libbar.so.2")
                .needsVersions("libc.so.6", "GLIBC_2.34"));
        Files.createDirectories(build.resolve("bin"));
        return new SyntheticElf().interpreter(LOADER).needed(needed).runpath("$ORIGIN/../lib")
                .needsVersions("libc.so.6", "GLIBC_2.2.5").write(build.resolve("bin/app"));
    }

    private LibraryPlan plan(Path program, BaseImage base, LibraryMode mode, List<String> extra) throws IOException {
        return Libraries.plan(ElfInspector.inspect(program), program, "/opt/app/bin/app", base,
                new LayerFiles(base.layers()), List.of(), new Libraries.Settings(mode, extra, sysroot));
    }

    private static Map<String, String> placed(LibraryPlan plan) {
        Map<String, String> files = new TreeMap<>();
        plan.files().forEach(f -> files.put(f.path(), Path.of(f.source()).getFileName().toString()));
        return files;
    }

    @Test
    void onScratchTheLoaderAndClosureArePlacedWhereTheBundledLoaderLooks() throws IOException {
        debianSysroot();
        Path program = program("libfoo.so.1", "libc.so.6");
        LibraryPlan plan = plan(program, BaseImage.scratch(), LibraryMode.BUNDLE, List.of());
        assertEquals(Map.of(
                LOADER, "ld-linux-x86-64.so.2",
                "/opt/app/lib/libfoo.so.1", "libfoo.so.1",
                "/lib/x86_64-linux-gnu/libbar.so.2", "libbar.so.2.0.1",
                "/lib/x86_64-linux-gnu/libc.so.6", "libc.so.6",
                "/lib/x86_64-linux-gnu/libgcc_s.so.1", "libgcc_s.so.1"), placed(plan));
        assertEquals(LOADER, plan.files().get(0).path(), "the loader comes first");
        assertEquals(0755, plan.layer().get(LOADER).mode());
        assertEquals(LayerEntry.Kind.FILE, plan.layer().get("/lib/x86_64-linux-gnu/libbar.so.2").kind());
        assertEquals(sysroot.toString(), plan.sysroot());
    }

    @Test
    void librariesTheBaseProvidesAreNotAddedAndUsrMergedDirectoriesAreKept() throws IOException {
        debianSysroot();
        Path program = program("libfoo.so.1", "libc.so.6");
        Path baseLibc = lib(dir.resolve("base/libc.so.6"), new SyntheticElf().soname("libc.so.6")
                .definesVersions("GLIBC_2.2.5", "GLIBC_2.34"));
        Path baseLoader = lib(dir.resolve("base/ld.so"), new SyntheticElf().soname("ld-linux-x86-64.so.2"));
        BaseImage base = TestBases.base(store, "usr-merged", new LayerContents()
                .add(LayerEntry.symlink("/lib", "usr/lib"))
                .add(LayerEntry.symlink("/lib64", "usr/lib64"))
                .add(LayerEntry.file("/usr/lib64/ld-linux-x86-64.so.2", baseLoader, 0755))
                .add(LayerEntry.file("/usr/lib/x86_64-linux-gnu/libc.so.6", baseLibc, 0755)));
        LibraryPlan plan = plan(program, base, LibraryMode.BUNDLE, List.of());
        // libbar goes below the base's /lib -> usr/lib link instead of replacing it with a directory.
        assertEquals(Map.of("/opt/app/lib/libfoo.so.1", "libfoo.so.1",
                "/usr/lib/x86_64-linux-gnu/libbar.so.2", "libbar.so.2.0.1"), placed(plan));
    }

    @Test
    void checkFailsNamingTheMissingLibrariesAndSuggestsBundle() throws IOException {
        debianSysroot();
        Path program = program("libfoo.so.1", "libc.so.6");
        Path baseLoader = lib(dir.resolve("base/ld.so"), new SyntheticElf().soname("ld-linux-x86-64.so.2"));
        BaseImage base = TestBases.base(store, "loader-only", new LayerContents()
                .add(LayerEntry.file(LOADER, baseLoader, 0755)));
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> plan(program, base, LibraryMode.CHECK, List.of()));
        assertTrue(e.getMessage().contains("libfoo.so.1 (needed by /opt/app/bin/app)"), e.getMessage());
        assertTrue(e.getMessage().contains("libc.so.6 (needed by /opt/app/bin/app)"), e.getMessage());
        assertTrue(e.getMessage().contains("libraries=bundle"), e.getMessage());
    }

    @Test
    void checkOnScratchSuggestsBundleFirstThenTheRoundOneFixes() throws IOException {
        debianSysroot();
        Path program = program("libc.so.6");
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> plan(program, BaseImage.scratch(), LibraryMode.CHECK, List.of()));
        String message = e.getMessage();
        assertTrue(message.contains("dynamically linked") && message.contains(LOADER) && message.contains("libc.so.6"),
                message);
        assertTrue(message.indexOf("libraries=bundle") >= 0 && message.indexOf("libraries=bundle") < message.indexOf("-static"), message);
    }

    @Test
    void theGlibcCheckNamesTheNeededVersionAndWhoNeedsIt() throws IOException {
        debianSysroot();
        Path program = program("libfoo.so.1", "libc.so.6");
        Path oldLibc = lib(dir.resolve("base/libc.so.6"), new SyntheticElf().soname("libc.so.6")
                .definesVersions("GLIBC_2.2.5", "GLIBC_2.17", "GLIBC_2.31", "GLIBC_PRIVATE"));
        Path baseLoader = lib(dir.resolve("base/ld.so"), new SyntheticElf().soname("ld-linux-x86-64.so.2"));
        Path baseBar = lib(dir.resolve("base/libbar.so.2"), new SyntheticElf().soname("libbar.so.2")
                .needsVersions("libc.so.6", "GLIBC_2.34", "GLIBC_2.2.5"));
        BaseImage base = TestBases.base(store, "old", new LayerContents()
                .add(LayerEntry.file(LOADER, baseLoader, 0755))
                .add(LayerEntry.file("/lib/x86_64-linux-gnu/libc.so.6", oldLibc, 0755))
                .add(LayerEntry.file("/lib/x86_64-linux-gnu/libbar.so.2", baseBar, 0644))
                .add(LayerEntry.file("/opt/app/lib/libfoo.so.1", dir.resolve("build/lib/libfoo.so.1"), 0644)));
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> plan(program, base, LibraryMode.CHECK, List.of()));
        assertTrue(e.getMessage().contains("needs GLIBC_2.34 (from libfoo.so.1 and libbar.so.2); the base's glibc"
                + " provides up to GLIBC_2.31: use a newer base or libraries=bundle"), e.getMessage());
        // ignore skips it
        assertEquals(List.of(), plan(program, base, LibraryMode.IGNORE, List.of()).warnings());
    }

    @Test
    void extraLibrariesBySonameAndPathAndAMachineMismatchIsRefused() throws IOException {
        debianSysroot();
        Path program = program("libc.so.6");
        Path plugin = lib(dir.resolve("plugins/libplug.so"), new SyntheticElf().needed("libbar.so.2"));
        LibraryPlan plan = plan(program, BaseImage.scratch(), LibraryMode.BUNDLE,
                List.of("libgcc_s.so.1", plugin.toString()));
        Map<String, String> files = placed(plan);
        assertEquals("libplug.so", files.get("/opt/app/bin/libplug.so"), files.toString());
        assertEquals("libbar.so.2.0.1", files.get("/lib/x86_64-linux-gnu/libbar.so.2"), files.toString());

        Path arm = lib(dir.resolve("plugins/libarm.so"), new SyntheticElf().machine(183));
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> plan(program, BaseImage.scratch(),
                LibraryMode.BUNDLE, List.of(arm.toString())));
        assertTrue(e.getMessage().contains("ARM aarch64") && e.getMessage().contains("x86-64"), e.getMessage());

        ZeroImageException unknown = assertThrows(ZeroImageException.class, () -> plan(program, BaseImage.scratch(),
                LibraryMode.BUNDLE, List.of("libnope.so.9")));
        assertTrue(unknown.getMessage().contains("libnope.so.9"), unknown.getMessage());
    }

    @Test
    void aLibraryFoundNowhereFailsTheBundleNamingTheSysroot() throws IOException {
        debianSysroot();
        Path program = program("libmissing.so.3", "libc.so.6");
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> plan(program, BaseImage.scratch(), LibraryMode.BUNDLE, List.of()));
        assertTrue(e.getMessage().contains("libmissing.so.3 (needed by /opt/app/bin/app)"), e.getMessage());
        assertTrue(e.getMessage().contains(sysroot.toString()), e.getMessage());
    }

    @Test
    void ignoreWarnsAndAStaticExecutableIsUnaffectedByEveryMode() throws IOException {
        debianSysroot();
        Path program = program("libc.so.6");
        List<String> warnings = plan(program, BaseImage.scratch(), LibraryMode.IGNORE, List.of()).warnings();
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains(LOADER) && warnings.get(0).contains("may not start"), warnings.get(0));

        Path staticProgram = new SyntheticElf().write(dir.resolve("static"));
        for (LibraryMode mode : LibraryMode.values()) {
            assertEquals(LibraryPlan.NONE, plan(staticProgram, BaseImage.scratch(), mode, List.of("libx.so.1")));
        }
    }

    @Test
    void theDefaultSysrootOfAnotherArchitectureIsItsCrossRootElseAnError() throws IOException {
        Path riscv = new SyntheticElf().machine(243).interpreter("/lib/ld-linux-riscv64-lp64d.so.1")
                .needed("libc.so.6").write(dir.resolve("riscv-app"));
        ElfInfo elf = ElfInspector.inspect(riscv);
        if (Files.isDirectory(Path.of("/usr/riscv64-linux-gnu"))) {
            assertEquals(Path.of("/usr/riscv64-linux-gnu"), Sysroot.choose(null, elf));
        } else {
            ZeroImageException e = assertThrows(ZeroImageException.class, () -> Sysroot.choose(null, elf));
            assertTrue(e.getMessage().contains("/usr/riscv64-linux-gnu") && e.getMessage().contains("sysroot"),
                    e.getMessage());
        }
        assertEquals(Path.of("/"), Sysroot.choose(null, ElfInspector.inspect(new SyntheticElf()
                .machine(Triplets.hostMachine()).interpreter("/lib/ld.so").write(dir.resolve("host-app")))));
    }

    @Test
    void modesParse() {
        assertEquals(LibraryMode.BUNDLE, LibraryMode.parse(" Bundle "));
        assertEquals(LibraryMode.CHECK, LibraryMode.parse(null));
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> LibraryMode.parse("copy"));
        assertTrue(e.getMessage().contains("check") && e.getMessage().contains("bundle") && e.getMessage().contains("ignore"));
    }
}
