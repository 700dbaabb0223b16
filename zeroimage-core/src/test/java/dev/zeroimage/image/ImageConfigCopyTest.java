package dev.zeroimage.image;

import dev.zeroimage.ZeroImageException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link ImageConfig#copy()} must be what the JSON round trip it replaced was: same bytes, nothing shared. */
class ImageConfigCopyTest {
    /** A base config with every modelled field and unmodelled keys at each level, as a registry might send it. */
    private static final String FULL = """
            {"architecture":"arm64","author":"someone","config":{"Cmd":["--serve"],"Entrypoint":["/app"],\
            "Env":["PATH=/bin","A=1"],"ExposedPorts":{"8080/tcp":{}},"Healthcheck":{"Test":["CMD","true"],\
            "Interval":30000000000},"Labels":{"b":"2","a":"1"},"StopSignal":"SIGTERM","User":"1000:1000",\
            "Volumes":{"/data":{}},"WorkingDir":"/work"},"created":"2026-01-01T00:00:00Z",\
            "docker_version":"27.0","history":[{"author":"me","comment":"c","created":"2026-01-01T00:00:00Z",\
            "created_by":"ADD x","empty_layer":true}],"os":"linux","os.features":["f"],\
            "rootfs":{"diff_ids":["sha256:%s"],"type":"layers"},"variant":"v8",\
            "x-numbers":[1,2.5,12345678901234,null,false,{"nested":[[]]}]}
            """.formatted("a".repeat(64)).strip();

    @Test
    void copyWritesTheSameBytesAsTheOriginal() throws Exception {
        ImageConfig original = read();
        requireEveryFieldSet(original);
        requireEveryFieldSet(original.config);
        requireEveryFieldSet(original.rootfs);
        requireEveryFieldSet(original.history.get(0));

        ImageConfig copy = original.copy();
        assertArrayEquals(Json.toBytes(original), Json.toBytes(copy));
        ImageConfig roundTrip = Json.read(Json.toBytes(original), ImageConfig.class, "round trip");
        assertArrayEquals(Json.toBytes(roundTrip), Json.toBytes(copy), "what the JSON round trip gave");
    }

    @Test
    @SuppressWarnings("unchecked")
    void copySharesNothingMutable() {
        ImageConfig original = read();
        byte[] before = Json.toBytes(original);
        ImageConfig copy = original.copy();
        copy.config.env.add("B=2");
        copy.config.exposedPorts.put("9090/tcp", Map.of());
        copy.config.labels.put("c", "3");
        copy.config.other().put("StopSignal", "SIGKILL");
        copy.rootfs.diffIds.add(Digest.parse("sha256:" + "b".repeat(64)));
        copy.history.get(0).comment = "changed";
        copy.history.add(new ImageConfig.History());
        ((List<Object>) copy.other().get("x-numbers")).add("more");
        Map<String, Object> nested = (Map<String, Object>) ((List<Object>) copy.other().get("x-numbers")).get(5);
        ((List<Object>) nested.get("nested")).add(List.of());
        assertArrayEquals(before, Json.toBytes(original));
    }

    @Test
    void imageRefusesAConfigThatCouldNotBeReadBack() {
        ImageConfig config = read();
        List<String> env = new ArrayList<>(config.config.env);
        env.add(null);
        config.config.env = env;
        ZeroImageException error = assertThrows(ZeroImageException.class,
                () -> Image.assemble(config, List.of(), Map.of(), ImageFormat.OCI));
        assertEquals(true, error.getMessage().contains("config.Env[2]"), error.getMessage());
    }

    private static ImageConfig read() {
        return Json.read(FULL.getBytes(StandardCharsets.UTF_8), ImageConfig.class, "test config");
    }

    /** A field added to the model but not to the fixture (and so perhaps not to copy()) fails here. */
    private static void requireEveryFieldSet(Object value) throws IllegalAccessException {
        for (Field field : value.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            field.setAccessible(true);
            Object fieldValue = field.get(value);
            assertNotNull(fieldValue, value.getClass().getSimpleName() + "." + field.getName() + " is not set by the fixture");
            if (fieldValue instanceof Map<?, ?> map && field.getName().equals("other")) {
                assertEquals(false, map.isEmpty(), value.getClass().getSimpleName() + " has no unmodelled key in the fixture");
            }
        }
    }
}
