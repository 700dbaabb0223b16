package dev.zeroimage.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The image configuration blob (OCI image-spec "config.md"; Docker's image JSON has the same keys).
 * A mutable mirror of the JSON document: keys we do not model (a base image's Healthcheck, StopSignal,
 * docker_version…) are kept in {@link #other} so a base config survives a read–modify–write unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"created", "author", "architecture", "os", "variant", "config", "rootfs", "history"})
public final class ImageConfig implements WellFormed {
    /** PATH when neither the base nor the build sets one: the usual Linux search path. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public String created;
    public String author;
    public String architecture;
    public String os;
    public String variant;
    public ContainerConfig config = new ContainerConfig();
    public RootFs rootfs = new RootFs();
    public List<History> history = new ArrayList<>();
    private final Map<String, Object> other = new TreeMap<>();

    @JsonAnyGetter
    public Map<String, Object> other() {
        return other;
    }

    @JsonAnySetter
    public void setOther(String key, Object value) {
        other.put(key, value);
    }

    public Platform platform() {
        return new Platform(os, architecture, variant);
    }

    /**
     * A deep copy, field by field. It replaces a JSON round trip, which in a fresh JVM built Jackson's
     * deserializers (about 75 classes, 30-40 ms) for every build, even from scratch (issue 16). A new
     * field must be copied here too; ImageConfigCopyTest fails until it is.
     */
    public ImageConfig copy() {
        ImageConfig copy = new ImageConfig();
        copy.created = created;
        copy.author = author;
        copy.architecture = architecture;
        copy.os = os;
        copy.variant = variant;
        copy.config = config == null ? null : config.copy();
        copy.rootfs = rootfs == null ? null : rootfs.copy();
        if (history == null) {
            copy.history = null;
        } else {
            copy.history = new ArrayList<>(history.size());
            for (History line : history) {
                copy.history.add(line == null ? null : line.copy());
            }
        }
        other.forEach((key, value) -> copy.other.put(key, copyOfJson(value)));
        return copy;
    }

    /**
     * A copy of a value as Jackson reads JSON into {@code Object}: maps and lists are copied, strings,
     * numbers, booleans and null are immutable and shared.
     */
    @SuppressWarnings("unchecked")
    static <T> T copyOfJson(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = map instanceof TreeMap<?, ?> ? new TreeMap<>() : new LinkedHashMap<>();
            map.forEach((key, entry) -> copy.put(key, copyOfJson(entry)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(entry -> copy.add(copyOfJson(entry)));
            return (T) copy;
        }
        return value;
    }

    @Override
    public void requireWellFormed(String what) {
        if (rootfs != null && rootfs.diffIds != null) {
            requireNoNulls(rootfs.diffIds, what, "rootfs.diff_ids");
        }
        if (config != null) {
            requireNoNulls(config.env, what, "config.Env");
            requireNoNulls(config.entrypoint, what, "config.Entrypoint");
            requireNoNulls(config.cmd, what, "config.Cmd");
        }
        requireNoNulls(history, what, "history");
    }

    private static void requireNoNulls(List<?> values, String what, String field) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw Json.badField(what, field + "[" + i + "]", "is null");
            }
        }
    }

    /**
     * Puts layers on top: each one's diff_id goes to {@code rootfs} and its line to {@code history}.
     * The one place both are written, so they stay paired.
     */
    public void append(String created, List<Addition> additions) {
        for (Addition addition : additions) {
            rootfs.diffIds.add(addition.layer().diffId());
            history.add(new History(created, addition.createdBy(), null, null));
        }
    }

    /** The runtime defaults ("config" in the JSON). Capitalised keys, as Docker writes them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels"})
    public static final class ContainerConfig {
        @JsonProperty("User")
        public String user;
        @JsonProperty("ExposedPorts")
        public Map<String, Map<String, Object>> exposedPorts;
        @JsonProperty("Env")
        public List<String> env;
        @JsonProperty("Entrypoint")
        public List<String> entrypoint;
        @JsonProperty("Cmd")
        public List<String> cmd;
        @JsonProperty("Volumes")
        public Map<String, Map<String, Object>> volumes;
        @JsonProperty("WorkingDir")
        public String workingDir;
        @JsonProperty("Labels")
        public Map<String, String> labels;
        private final Map<String, Object> other = new TreeMap<>();

        @JsonAnyGetter
        public Map<String, Object> other() {
            return other;
        }

        @JsonAnySetter
        public void setOther(String key, Object value) {
            other.put(key, value);
        }

        ContainerConfig copy() {
            ContainerConfig copy = new ContainerConfig();
            copy.user = user;
            copy.exposedPorts = copyOfJson(exposedPorts);
            copy.env = copyOfJson(env);
            copy.entrypoint = copyOfJson(entrypoint);
            copy.cmd = copyOfJson(cmd);
            copy.volumes = copyOfJson(volumes);
            copy.workingDir = workingDir;
            copy.labels = copyOfJson(labels);
            other.forEach((key, value) -> copy.other.put(key, copyOfJson(value)));
            return copy;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "diff_ids"})
    public static final class RootFs {
        public String type = "layers";
        @JsonProperty("diff_ids")
        public List<Digest> diffIds = new ArrayList<>();

        RootFs copy() {
            RootFs copy = new RootFs();
            copy.type = type;
            copy.diffIds = copyOfJson(diffIds);
            return copy;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"created", "created_by", "author", "comment", "empty_layer"})
    public static final class History {
        public String created;
        @JsonProperty("created_by")
        public String createdBy;
        public String author;
        public String comment;
        @JsonProperty("empty_layer")
        public Boolean emptyLayer;

        public History() {
        }

        public History(String created, String createdBy, String comment, Boolean emptyLayer) {
            this.created = created;
            this.createdBy = createdBy;
            this.comment = comment;
            this.emptyLayer = emptyLayer;
        }

        History copy() {
            History copy = new History(created, createdBy, comment, emptyLayer);
            copy.author = author;
            return copy;
        }
    }
}
