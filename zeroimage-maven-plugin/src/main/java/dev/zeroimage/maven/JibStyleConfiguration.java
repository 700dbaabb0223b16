package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Jib's spelling ({@code <to>}, {@code <from>}, {@code <container>}) mapped onto zeroimage's own
 * parameters. A value may be given either way, not both: "`image` and `<to><image>` both set: keep
 * one". Jib settings with no meaning for a native executable fail with the reason.
 */
final class JibStyleConfiguration {
    private JibStyleConfiguration() {
    }

    /** Where the image is pushed and with which credentials. */
    record Target(String image, List<String> tags, Auth auth) {
    }

    /** The base image and its registry's credentials. */
    record Base(String image, Auth auth) {
    }

    /** The image config under zeroimage's names; null where nothing was set. */
    record ImageConfig(List<String> args, Map<String, String> environment, Map<String, String> labels,
                       List<String> ports, String user, String workingDirectory, List<String> volumes,
                       String creationTime, String format) {
    }

    /** Why each Jib parameter inside {@code <container>}, {@code <from>} or {@code <to>} is refused. */
    static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("container.mainClass", "there is no JVM in the image: the native executable is the"
                    + " entrypoint (set executable, and executablePath for where it goes)"),
            Map.entry("container.jvmFlags", "there is no JVM in the image: pass options to the native executable"
                    + " with args, or bake them in at native-image time"),
            Map.entry("container.appRoot", "there are no classes or jars to place: the image holds the native"
                    + " executable at executablePath (default / + its file name) and extraFiles"),
            Map.entry("container.extraClasspath", "there is no classpath: the native executable has it compiled"
                    + " in; add files with extraFiles"),
            Map.entry("container.expandClasspathDependencies", "there is no classpath: the native executable"
                    + " has it compiled in"),
            Map.entry("container.entrypoint", "the executable is the entrypoint: use executablePath (where it"
                    + " goes in the image) and args (its arguments)"),
            Map.entry("container.filesModificationTime", "every file in zeroimage's layers gets the"
                    + " creationTime, so the image is reproducible; set <container><creationTime> or creationTime"),
            Map.entry("container.useCurrentTimestamp", "Jib removed it: use"
                    + " <container><creationTime>USE_CURRENT_TIMESTAMP</creationTime>"),
            Map.entry("from.platforms", "the platform comes from the executable's ELF header (or the platform"
                    + " parameter), and the base is picked for it"),
            Map.entry("from.credHelper", "zeroimage runs the credential helpers named in Docker's config.json"
                    + " (credHelpers, credsStore); configure it there, or use <from><auth>"),
            Map.entry("to.credHelper", "zeroimage runs the credential helpers named in Docker's config.json"
                    + " (credHelpers, credsStore); configure it there, or use <to><auth>"));

    /**
     * {@code image}/{@code tags}/{@code auth} or {@code <to>}. {@code imageSet}: whether the user set
     * {@code image} (it has a default, so its value alone cannot tell).
     */
    static Target target(String image, boolean imageSet, List<String> tags, Auth auth, To to) {
        if (to == null) {
            return new Target(image, tags, auth);
        }
        refuseUnsupported("to", to.unsupported());
        String targetImage = image;
        if (given(to.getImage())) {
            requireOneOf("image", imageSet, "<to><image>");
            targetImage = to.getImage().trim();
        }
        return new Target(targetImage,
                pick("tags", tags, "<to><tags>", to.getTags()),
                pick("auth", auth, "<to><auth>", to.getAuth()));
    }

    /**
     * {@code from} (a plain value or {@code <from><image>}) and {@code fromAuth} or {@code <from><auth>}.
     * {@code propertyOverJibForm}: the POM writes {@code <from>} with children and the zeroimage.from
     * property is given too; Maven 3 would then hand the property's value over and drop the children
     * ({@code <from><auth>} included), so that is refused.
     */
    static Base base(From from, Auth fromAuth, boolean propertyOverJibForm) {
        if (propertyOverJibForm) {
            throw new ZeroImageException("`zeroimage.from` (a property) and `<from><image>` both set: keep one");
        }
        if (from == null) {
            return new Base(null, fromAuth);
        }
        refuseUnsupported("from", from.unsupported());
        return new Base(from.getImage(), pick("fromAuth", fromAuth, "<from><auth>", from.getAuth()));
    }

    /**
     * Our image config, with {@code <container>}'s values where ours are unset. {@code formatSet}:
     * whether the user set {@code format} (it has a default).
     */
    static ImageConfig container(ImageConfig ours, boolean formatSet, Container container) {
        if (container == null) {
            return ours;
        }
        refuseUnsupported("container", container.unsupported());
        String format = ours.format();
        if (given(container.getFormat())) {
            requireOneOf("format", formatSet, "<container><format>");
            format = format(container.getFormat());
        }
        String creationTime = pick("creationTime", ours.creationTime(), "<container><creationTime>",
                given(container.getCreationTime()) ? creationTime(container.getCreationTime()) : null);
        return new ImageConfig(
                pick("args", ours.args(), "<container><args>", container.getArgs()),
                pick("environment", ours.environment(), "<container><environment>", container.getEnvironment()),
                pick("labels", ours.labels(), "<container><labels>", container.getLabels()),
                pick("ports", ours.ports(), "<container><ports>", container.getPorts()),
                pick("user", ours.user(), "<container><user>", container.getUser()),
                pick("workingDirectory", ours.workingDirectory(), "<container><workingDirectory>",
                        container.getWorkingDirectory()),
                pick("volumes", ours.volumes(), "<container><volumes>", container.getVolumes()),
                creationTime,
                format);
    }

    /** Jib's {@code Docker}/{@code OCI} as our {@code docker}/{@code oci}. */
    static String format(String jib) {
        String value = jib.trim().toLowerCase(Locale.ROOT);
        if (value.equals("docker") || value.equals("oci")) {
            return value;
        }
        throw new ZeroImageException("Invalid <container><format> '" + jib + "': use Docker or OCI");
    }

    /**
     * Jib's {@code EPOCH}, {@code USE_CURRENT_TIMESTAMP} or ISO-8601 time (offset {@code Z},
     * {@code +01:00} or {@code +0100}) as our creationTime value (epoch seconds, or {@code now}).
     */
    static String creationTime(String jib) {
        String value = jib.trim();
        if (value.equals("EPOCH")) {
            return "0";
        }
        if (value.equals("USE_CURRENT_TIMESTAMP")) {
            return "now";
        }
        for (DateTimeFormatter format : ISO_FORMATS) {
            try {
                Instant instant = OffsetDateTime.parse(value, format).toInstant();
                return String.valueOf(instant.getEpochSecond());
            } catch (DateTimeParseException e) {
                // try the next spelling
            }
        }
        throw new ZeroImageException("Invalid <container><creationTime> '" + jib + "': use EPOCH,"
                + " USE_CURRENT_TIMESTAMP or an ISO-8601 time with offset (2024-01-01T00:00:00Z)");
    }

    private static final List<DateTimeFormatter> ISO_FORMATS = List.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME,
            new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                    .appendOffset("+HHMM", "Z").toFormatter(Locale.ROOT));

    private static void refuseUnsupported(String where, Set<String> names) {
        if (names.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            lines.add("<" + where + "><" + name + "> is a Jib setting with no meaning here: "
                    + UNSUPPORTED.get(where + "." + name) + ".");
        }
        throw new ZeroImageException(String.join("\n", lines));
    }

    private static <T> T pick(String ours, T oursValue, String jibs, T jibValue) {
        if (!given(jibValue)) {
            return oursValue;
        }
        requireOneOf(ours, given(oursValue), jibs);
        return jibValue;
    }

    private static void requireOneOf(String ours, boolean oursSet, String jibs) {
        if (oursSet) {
            throw new ZeroImageException("`" + ours + "` and `" + jibs + "` both set: keep one");
        }
    }

    private static boolean given(Object value) {
        if (value instanceof String text) {
            return !text.isBlank();
        }
        if (value instanceof Collection<?> collection) {
            return !collection.isEmpty();
        }
        if (value instanceof Map<?, ?> map) {
            return !map.isEmpty();
        }
        return value != null;
    }
}
