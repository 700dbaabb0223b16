package dev.zeroimage.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.zeroimage.ZeroImageException;

import java.io.IOException;

/**
 * The one JSON mapper of zeroimage. Output is compact with map keys sorted, so the same model always
 * gives the same bytes and therefore the same digest.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** The largest JSON document read: manifests, indexes and configs are far smaller. */
    public static final long MAX_DOCUMENT_SIZE = 8L * 1024 * 1024;

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    public static String toPrettyString(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads a JSON document; {@code what} names it in the error ("manifest of alpine:3.20", "index.json in
     * base.tar"). Documents over {@link #MAX_DOCUMENT_SIZE}, {@code null} and, for a {@link WellFormed}
     * type, missing required fields are errors too.
     */
    public static <T> T read(byte[] json, Class<T> type, String what) {
        requireSmall(json.length, what);
        T value;
        try {
            value = MAPPER.readValue(json, type);
        } catch (JsonMappingException e) {
            String at = path(e);
            throw new ZeroImageException("The " + what + " is not valid JSON of the expected shape"
                    + (at.isEmpty() ? "" : " at " + at) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ZeroImageException("The " + what + " is not valid JSON of the expected shape: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ZeroImageException("Cannot read the " + what + ": " + e, e);
        }
        if (value == null) {
            throw new ZeroImageException("The " + what + " is the JSON value null, not a document");
        }
        if (value instanceof WellFormed wellFormed) {
            wellFormed.requireWellFormed(what);
        }
        return value;
    }

    /** Refuses a document of {@code size} bytes that is too large to be image metadata. */
    public static void requireSmall(long size, String what) {
        if (size > MAX_DOCUMENT_SIZE) {
            throw new ZeroImageException("The " + what + " has " + size + " bytes, more than the " + MAX_DOCUMENT_SIZE
                    + " a manifest, index or config can reasonably have: refusing to read it");
        }
    }

    /** The error for a field that a document lacks or has with the wrong value. */
    public static ZeroImageException badField(String what, String field, String problem) {
        return new ZeroImageException("The " + what + " is not a valid image document: " + field + " " + problem);
    }

    /** Where in the document the mapping failed, as {@code manifests[0].platform}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
