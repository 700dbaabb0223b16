package dev.zeroimage.base;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zeroimage.archive.OciArchiveWriter;
import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.build.ImageBuilder;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.elf.NativeCompiler;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Platform;
import dev.zeroimage.layer.Compression;
import dev.zeroimage.registry.RegistryOptions;
import dev.zeroimage.registry.RegistryTransport;
import dev.zeroimage.testing.ExternalTools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shared helpers of the base image tests: a hand-made two-platform base image as an OCI layout,
 * compiling the C programs under {@code src/test/resources/base/}, building on a base, and checking
 * results with independent tools (umoci, skopeo) and by re-hashing the blob store.
 */
final class BaseFromFixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Platform AMD64 = Platform.parse("linux/amd64");
    static final Platform ARM64 = Platform.parse("linux/arm64");
    static final Instant CREATED = Instant.parse("2024-01-02T03:04:05Z");
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    /** The reference our images are written under; ref.name in the archive's index.json. */
    static final String OUR_REFERENCE = "zeroimage.test/app:1";
    static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    static final String BASE_PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
            """;

    private BaseFromFixtures() {
    }

    // ------------------------------------------------------------------ the hand-made base image

    /** One platform's image in the layout. */
    record PlatformImage(Platform platform, String manifestDigest, long manifestSize, String configDigest,
                         List<String> layerDigests, List<Long> layerSizes) {
    }

    /**
     * The layout written by {@link #writeBaseLayout}: {@code images} per platform, and the digest of the
     * nested index (what the tag points to once pushed).
     */
    record BaseLayout(Path dir, String tag, String indexDigest, Map<String, PlatformImage> images) {
        PlatformImage image(Platform platform) {
            return images.get(platform.architecture());
        }
    }

    /**
     * Writes a two-platform base (linux/amd64 and linux/arm64/v8) as an OCI image layout directory.
     * {@code nested}: index.json holds one descriptor (ref.name {@code tag}) of an image index that
     * lists both manifests, as {@code skopeo copy --all … oci:DIR:tag} writes it; otherwise index.json
     * itself lists both manifests with their platforms.
     */
    static BaseLayout writeBaseLayout(Path dir, String tag, boolean nested) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Map<String, PlatformImage> images = new LinkedHashMap<>();
        ArrayNode manifests = JSON.createArrayNode();
        for (Platform platform : List.of(AMD64, Platform.parse("linux/arm64/v8"))) {
            PlatformImage image = writeBaseImage(dir, platform);
            images.put(platform.architecture(), image);
            ObjectNode descriptor = descriptor(OCI_MANIFEST, image.manifestDigest(), image.manifestSize());
            ObjectNode p = descriptor.putObject("platform");
            p.put("architecture", platform.architecture());
            p.put("os", platform.os());
            if (platform.variant() != null) {
                p.put("variant", platform.variant());
            }
            manifests.add(descriptor);
        }
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", OCI_INDEX);
        index.set("manifests", manifests);
        byte[] indexBytes = JSON.writeValueAsBytes(index);
        String indexDigest;
        if (nested) {
            indexDigest = writeBlob(dir, indexBytes);
            ObjectNode top = JSON.createObjectNode();
            top.put("schemaVersion", 2);
            top.put("mediaType", OCI_INDEX);
            ObjectNode entry = descriptor(OCI_INDEX, indexDigest, indexBytes.length);
            entry.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
            top.putArray("manifests").add(entry);
            Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(top));
        } else {
            indexDigest = sha256(indexBytes);
            Files.write(dir.resolve("index.json"), indexBytes);
        }
        return new BaseLayout(dir, tag, indexDigest, images);
    }

    private static PlatformImage writeBaseImage(Path dir, Platform platform) throws IOException {
        String arch = platform.architecture();
        Map<String, byte[]> first = new LinkedHashMap<>();
        first.put("etc/passwd", BASE_PASSWD.getBytes(StandardCharsets.UTF_8));
        first.put("etc/group", "root:x:0:\nnonroot:x:65532:\n".getBytes(StandardCharsets.UTF_8));
        first.put("etc/os-release", ("ID=zeroimage-test-base\nVERSION_ID=1\nARCH=" + arch + "\n")
                .getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> second = new LinkedHashMap<>();
        second.put("etc/base-marker", ("base layer two for " + arch + "\n").getBytes(StandardCharsets.UTF_8));

        List<String> layerDigests = new ArrayList<>();
        List<Long> layerSizes = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        ArrayNode layers = JSON.createArrayNode();
        for (Map<String, byte[]> files : List.of(first, second)) {
            byte[] tar = tar(files, List.of("etc/", "tmp/"));
            byte[] gz = gzip(tar);
            String digest = writeBlob(dir, gz);
            layerDigests.add(digest);
            layerSizes.add((long) gz.length);
            diffIds.add(sha256(tar));
            layers.add(descriptor(OCI_LAYER_GZIP, digest, gz.length));
        }

        ObjectNode config = JSON.createObjectNode();
        config.put("created", "2023-05-06T07:08:09Z");
        config.put("architecture", arch);
        config.put("os", platform.os());
        if (platform.variant() != null) {
            config.put("variant", platform.variant());
        }
        ObjectNode runtime = config.putObject("config");
        runtime.putArray("Env").add("PATH=/usr/bin:/bin").add("BASE_ONLY=kept").add("SHARED=base");
        runtime.putArray("Cmd").add("/bin/sh");
        runtime.put("WorkingDir", "/");
        runtime.putObject("Labels").put("base.only", "kept").put("shared", "base");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(ids::add);
        ArrayNode history = config.putArray("history");
        history.addObject().put("created", "2023-05-06T07:08:09Z").put("created_by", "base: ADD users " + arch);
        history.addObject().put("created", "2023-05-06T07:08:09Z").put("created_by", "base: ADD marker " + arch);
        history.addObject().put("created", "2023-05-06T07:08:09Z").put("created_by", "base: CMD [\"/bin/sh\"]")
                .put("empty_layer", true);
        byte[] configBytes = JSON.writeValueAsBytes(config);
        String configDigest = writeBlob(dir, configBytes);
        byte[] manifestBytes = writeManifest(dir, configDigest, configBytes.length, layers);
        String manifestDigest = sha256(manifestBytes);
        return new PlatformImage(platform, manifestDigest, manifestBytes.length, configDigest, layerDigests, layerSizes);
    }

    /**
     * Writes a one-platform image of the given uncompressed layer tars (gzipped here) as an OCI layout
     * whose index.json lists the manifest with its platform.
     */
    static BaseLayout writeSingleImageLayout(Path dir, Platform platform, List<byte[]> layerTars) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        List<String> layerDigests = new ArrayList<>();
        List<Long> layerSizes = new ArrayList<>();
        ArrayNode layers = JSON.createArrayNode();
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", platform.architecture());
        config.put("os", platform.os());
        config.putObject("config").putArray("Env").add("PATH=/usr/bin:/bin");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        ArrayNode history = config.putArray("history");
        for (byte[] tar : layerTars) {
            byte[] gz = gzip(tar);
            String digest = writeBlob(dir, gz);
            layerDigests.add(digest);
            layerSizes.add((long) gz.length);
            diffIds.add(sha256(tar));
            layers.add(descriptor(OCI_LAYER_GZIP, digest, gz.length));
            history.addObject().put("created_by", "test layer " + layerDigests.size());
        }
        byte[] configBytes = JSON.writeValueAsBytes(config);
        String configDigest = writeBlob(dir, configBytes);
        byte[] manifestBytes = writeManifest(dir, configDigest, configBytes.length, layers);
        String manifestDigest = sha256(manifestBytes);
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", OCI_INDEX);
        ObjectNode entry = descriptor(OCI_MANIFEST, manifestDigest, manifestBytes.length);
        entry.putObject("platform").put("architecture", platform.architecture()).put("os", platform.os());
        index.putArray("manifests").add(entry);
        byte[] indexBytes = JSON.writeValueAsBytes(index);
        Files.write(dir.resolve("index.json"), indexBytes);
        PlatformImage image = new PlatformImage(platform, manifestDigest, manifestBytes.length, configDigest,
                layerDigests, layerSizes);
        return new BaseLayout(dir, null, sha256(indexBytes), Map.of(platform.architecture(), image));
    }

    /** Builds an uncompressed layer tar entry by entry (root-owned, time 0). */
    static final class TarBuilder {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

        TarBuilder() {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        TarBuilder directory(String name) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
            entry.setMode(040755);
            entry.setModTime(0);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            return this;
        }

        TarBuilder file(String name, byte[] content, int mode) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setMode(0100000 | mode);
            entry.setSize(content.length);
            entry.setModTime(0);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
            return this;
        }

        TarBuilder symlink(String name, String target) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            entry.setLinkName(target);
            entry.setMode(0120777);
            entry.setModTime(0);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            return this;
        }

        byte[] build() throws IOException {
            tar.finish();
            tar.close();
            return bytes.toByteArray();
        }
    }

    /** Writes an OCI manifest of this config and these layer descriptors as a blob; returns its bytes. */
    static byte[] writeManifest(Path dir, String configDigest, long configSize, ArrayNode layers) throws IOException {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OCI_MANIFEST);
        manifest.set("config", descriptor(OCI_CONFIG, configDigest, configSize));
        manifest.set("layers", layers);
        byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
        writeBlob(dir, manifestBytes);
        return manifestBytes;
    }

    static ObjectNode descriptor(String mediaType, String digest, long size) {
        ObjectNode node = JSON.createObjectNode();
        node.put("mediaType", mediaType);
        node.put("digest", digest);
        node.put("size", size);
        return node;
    }

    static String writeBlob(Path layoutDir, byte[] content) throws IOException {
        String digest = sha256(content);
        Path blobs = Files.createDirectories(layoutDir.resolve("blobs/sha256"));
        Files.write(blobs.resolve(digest.substring("sha256:".length())), content);
        return digest;
    }

    static Path blobPath(Path layoutDir, String digest) {
        return layoutDir.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
    }

    /** An uncompressed tar of {@code files} (mode 0644, owned by root) after {@code directories}. */
    static byte[] tar(Map<String, byte[]> files, List<String> directories) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (String directory : directories) {
                TarArchiveEntry entry = new TarArchiveEntry(directory);
                entry.setMode(directory.equals("tmp/") ? 041777 : 040755);
                entry.setModTime(0);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setMode(0100644);
                entry.setSize(file.getValue().length);
                entry.setModTime(0);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(content);
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ registry options, resolver

    static RegistryOptions insecure(String host, boolean offline) {
        return new RegistryOptions(RegistryTransport.defaults(), Set.of(host), CredentialSource.ANONYMOUS, 3,
                Duration.ofMillis(50), offline);
    }

    static BaseImageResolver resolver(BlobStore store, RegistryOptions options) {
        return new BaseImageResolver(store, options, Compression.DEFAULT, CREATED);
    }

    // ------------------------------------------------------------------ compiling

    /**
     * Compiles the resource {@code base/<source>} with {@code compiler} and {@code options} into
     * {@code dir/<output>}; a missing compiler skips locally and fails in CI (NativeCompiler).
     */
    static Path compile(String compiler, Path dir, String source, String output, String... options) {
        return NativeCompiler.compileResource(compiler, dir, "base/" + source, output, options);
    }

    // ------------------------------------------------------------------ building

    /** The base for a platform, as a test resolves it. */
    @FunctionalInterface
    interface BaseFor {
        BaseImage resolve(Platform platform) throws IOException;
    }

    /** Builds {@code options} on the base {@code base} gives and writes the image tar to {@code output}. */
    static Image buildAndWrite(BlobStore store, BuildOptions.Builder options, BaseFor base, Path output)
            throws IOException {
        Image image = new ImageBuilder(store, (spec, platform) -> base.resolve(platform)).build(options.build());
        new OciArchiveWriter(CREATED).write(image, ImageReference.parse(OUR_REFERENCE), output);
        return image;
    }

    // ------------------------------------------------------------------ checking with independent tools

    /** Runs a command, failing the test with its output unless it exits 0; returns the output. */
    static String run(List<String> command) throws Exception {
        ExternalTools.ProcessResult result = ExternalTools.run(TOOL_TIMEOUT, command);
        if (result.exitCode() != 0) {
            fail(String.join(" ", command) + " failed with exit code " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    /** stdout only (skopeo prints warnings on stderr). */
    static String stdout(List<String> command) throws Exception {
        ExternalTools.SeparateResult result = ExternalTools.runSeparately(TOOL_TIMEOUT, null, Map.of(), command);
        if (result.exitCode() != 0) {
            fail(String.join(" ", command) + " failed with exit code " + result.exitCode() + ":\n"
                    + result.stderr() + result.stdout());
        }
        return result.stdout();
    }

    /**
     * Extracts the image tar with tar(1) and unpacks it with {@code umoci unpack} (the strict validator:
     * digests, sizes, media types, diff_ids); returns the bundle directory.
     */
    static Path umociUnpack(Path imageTar, Path work) throws Exception {
        ExternalTools.require("umoci");
        ExternalTools.require("tar");
        Path layout = Files.createDirectories(work.resolve("layout"));
        run(List.of("tar", "-xf", imageTar.toString(), "-C", layout.toString()));
        Path bundle = work.resolve("bundle");
        run(List.of("umoci", "unpack", "--image", layout + ":" + OUR_REFERENCE, bundle.toString()));
        assertTrue(Files.isDirectory(bundle.resolve("rootfs")), "umoci made no rootfs in " + bundle);
        return bundle;
    }

    /** {@code skopeo inspect --config oci-archive:TAR}: the config as users see it. */
    static JsonNode skopeoConfig(Path imageTar) throws Exception {
        ExternalTools.require("skopeo");
        return JSON.readTree(stdout(List.of("skopeo", "--insecure-policy", "inspect", "--config",
                "oci-archive:" + imageTar)));
    }

    /** {@code skopeo inspect --raw oci-archive:TAR}: our manifest. */
    static JsonNode skopeoManifest(Path imageTar) throws Exception {
        ExternalTools.require("skopeo");
        return JSON.readTree(stdout(List.of("skopeo", "--insecure-policy", "inspect", "--raw",
                "oci-archive:" + imageTar)));
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(node -> values.add(node.asText()));
        }
        return values;
    }

    // ------------------------------------------------------------------ running an image

    private static final java.util.regex.Pattern SANDBOX_FAILURE = java.util.regex.Pattern.compile(
            "(?i)cgroup|operation not permitted|permission denied|pivot_root|no such device|not supported|mount");

    /**
     * Runs an unpacked bundle's process with runc, as the image says (user, env, args); when runc cannot
     * create containers in this sandbox, falls back to {@code chroot --userspec=UID:UID} with {@code env}.
     * Returns the output; fails unless the process exits 0. Needs root (skipped otherwise).
     */
    static String runBundle(Path bundle, String entrypoint, int uid, Map<String, String> env) throws Exception {
        dev.zeroimage.testing.ExternalTools.requireThat("root".equals(System.getProperty("user.name")),
                "root, to run the image (runc or chroot)");
        Path configFile = bundle.resolve("config.json");
        ObjectNode runtime = (ObjectNode) JSON.readTree(configFile.toFile());
        ((ObjectNode) runtime.path("process")).put("terminal", false);
        JSON.writeValue(configFile.toFile(), runtime);
        assertEquals(uid, runtime.path("process").path("user").path("uid").asInt(), runtime.toString());
        assertEquals(List.of(entrypoint), strings(runtime.path("process").get("args")));

        String runcFailure = null;
        if (ExternalTools.isInstalled("runc")) {
            String id = "zeroimage-base-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
            ExternalTools.ProcessResult result = ExternalTools.run(Duration.ofSeconds(30),
                    List.of("runc", "run", "-b", bundle.toString(), id));
            if (result.exitCode() == 0) {
                return result.output();
            }
            assertTrue(SANDBOX_FAILURE.matcher(result.output()).find() && !result.output().contains(entrypoint),
                    "runc failed, and not for a reason of this sandbox:\n" + result.output());
            runcFailure = result.output();
        }
        ExternalTools.require("chroot");
        List<String> command = new ArrayList<>(List.of("env", "-i"));
        env.forEach((key, value) -> command.add(key + "=" + value));
        command.addAll(List.of("chroot", "--userspec=" + uid + ":" + uid, bundle.resolve("rootfs").toString(),
                entrypoint));
        ExternalTools.ProcessResult result = ExternalTools.run(Duration.ofSeconds(30), command);
        assertEquals(0, result.exitCode(), "chroot run failed (runc: " + runcFailure + "):\n" + result.output());
        return result.output();
    }

    // ------------------------------------------------------------------ the blob store stays sound

    /**
     * Re-hashes every blob under the store's {@code blobs/}: each must have the digest its name says.
     * And the store's {@code tmp/} must hold no leftovers of an aborted write.
     */
    static void assertStoreIsSound(BlobStore store) throws IOException {
        Path blobs = store.root().resolve("blobs");
        if (Files.isDirectory(blobs)) {
            try (Stream<Path> files = Files.walk(blobs)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String algorithm = file.getParent().getFileName().toString();
                    assertEquals("sha256", algorithm, "unexpected blob " + file);
                    assertEquals("sha256:" + file.getFileName(), sha256(file),
                            "blob " + file + " does not hold what its name says");
                }
            }
        }
        Path tmp = store.root().resolve("tmp");
        if (Files.isDirectory(tmp)) {
            try (Stream<Path> files = Files.list(tmp)) {
                List<Path> left = files.toList();
                assertTrue(left.isEmpty(), "partial files left in the store: " + left);
            }
        }
    }

    /** No output file and no temporary file beside it. */
    static void assertNoOutput(Path output) throws IOException {
        assertTrue(Files.notExists(output), output + " was written although the build failed");
        Path dir = output.toAbsolutePath().getParent();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> temps = files.filter(f -> f.getFileName().toString().startsWith("."
                        + output.getFileName())).toList();
                assertTrue(temps.isEmpty(), "temporary output files left: " + temps);
            }
        }
    }
}
