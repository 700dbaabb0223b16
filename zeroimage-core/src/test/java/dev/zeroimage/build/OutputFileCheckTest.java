package dev.zeroimage.build;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.elf.SyntheticExecutables;
import dev.zeroimage.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** outputFile never destroys an input; a special file in extraFiles is refused, never read. */
class OutputFileCheckTest {
    @TempDir
    Path dir;

    private ZeroImageException refused(Path output, Path executable, Path fromArchive, List<ExtraFile> extraFiles) {
        ZeroImageException error = assertThrows(ZeroImageException.class,
                () -> OutputFileCheck.requireSafe(output, executable, fromArchive, extraFiles));
        assertTrue(error.getMessage().startsWith("outputFile "), error.getMessage());
        return error;
    }

    @Test
    void theExecutableIsRefusedHoweverItIsSpelled() throws IOException {
        Path target = Files.createDirectories(dir.resolve("target"));
        Path executable = Files.write(target.resolve("app"), new byte[] {1, 2, 3});
        assertTrue(refused(executable, executable, null, List.of()).getMessage().contains("executable"));
        refused(target.resolve("sub/../app"), executable, null, List.of());
        Path link = Files.createSymbolicLink(dir.resolve("link-to-target"), target);
        refused(link.resolve("app"), executable, null, List.of());
        refused(Path.of("").toAbsolutePath().relativize(executable), executable, null, List.of());
        assertDoesNotThrow(() -> OutputFileCheck.requireSafe(target.resolve("app.tar"), executable, null, List.of()));
        assertDoesNotThrow(() -> OutputFileCheck.requireSafe(target.resolve("new/dir/app.tar"), executable, null, List.of()));
    }

    @Test
    void theBaseArchiveAndExtraFilesAreRefused() throws IOException {
        Path executable = Files.write(dir.resolve("app"), new byte[] {1});
        Path base = Files.write(dir.resolve("base.tar"), new byte[] {2});
        assertTrue(refused(base, executable, base, List.of()).getMessage().contains("fromArchive"));

        Path config = Files.write(dir.resolve("app.conf"), new byte[] {3});
        Path tree = Files.createDirectories(dir.resolve("static"));
        List<ExtraFile> extraFiles = List.of(new ExtraFile(config, "/etc/app.conf", null),
                new ExtraFile(tree, "/srv", null));
        assertTrue(refused(config, executable, null, extraFiles).getMessage().contains("extraFiles"));
        assertTrue(refused(tree.resolve("image.tar"), executable, null, extraFiles).getMessage().contains("extraFiles"));
        assertTrue(refused(tree, executable, null, extraFiles).getMessage().contains("directory"));
    }

    @Test
    void anExistingFileThatIsNotARegularFileIsRefused() throws Exception {
        Path executable = Files.write(dir.resolve("app"), new byte[] {1});
        assertTrue(refused(Path.of("/dev/null"), executable, null, List.of()).getMessage().contains("character device"));
        Path fifo = mkfifo(dir.resolve("pipe"));
        assertTrue(refused(fifo, executable, null, List.of()).getMessage().contains("FIFO"));
        assertTrue(refused(Files.createDirectories(dir.resolve("out")), executable, null, List.of())
                .getMessage().contains("directory"));
    }

    @Test
    void aFifoOrSocketInAnExtraFilesDirectoryIsRefusedBeforeAnyRead() throws Exception {
        Path executable = SyntheticExecutables.staticAmd64(dir.resolve("app"), 10_000, 1);
        Path tree = Files.createDirectories(dir.resolve("static"));
        Files.writeString(tree.resolve("index.html"), "hi");
        Path fifo = mkfifo(tree.resolve("pipe"));
        ZeroImageException error = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(ZeroImageException.class, () -> build(executable, tree)));
        assertTrue(error.getMessage().contains(fifo.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("FIFO"), error.getMessage());
        Files.delete(fifo);

        Path socket = tree.resolve("app.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            ZeroImageException socketError = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(ZeroImageException.class, () -> build(executable, tree)));
            assertTrue(socketError.getMessage().contains(socket.toString()), socketError.getMessage());
            assertTrue(socketError.getMessage().contains("socket"), socketError.getMessage());
        }

        // A FIFO named as the source itself.
        Path alone = mkfifo(dir.resolve("alone"));
        ZeroImageException single = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(ZeroImageException.class, () -> build(executable, alone)));
        assertTrue(single.getMessage().contains("FIFO"), single.getMessage());
    }

    private void build(Path executable, Path extraSource) throws IOException {
        new ImageBuilder(new BlobStore(dir.resolve("cache")), (spec, platform) -> BaseImage.scratch())
                .build(BuildOptions.builder(executable).creationTime(Instant.EPOCH)
                        .extraFiles(List.of(new ExtraFile(extraSource, "/srv", null))).build());
    }

    private static Path mkfifo(Path path) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).start();
        ExternalTools.requireThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        return path;
    }
}
