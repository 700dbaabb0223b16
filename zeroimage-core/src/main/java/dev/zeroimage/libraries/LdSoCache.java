package dev.zeroimage.libraries;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads glibc's {@code /etc/ld.so.cache} ("glibc-ld.so.cache1.1" format, alone or after the old
 * "ld.so-1.7.0" part): soname to library paths. Anything malformed yields what was readable; the
 * cache only adds candidates, each of which is checked on its own.
 */
final class LdSoCache {
    private static final byte[] MAGIC = "glibc-ld.so.cache1.1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 48;
    private static final int ENTRY = 24;
    private static final int MAX_ENTRIES = 1 << 20;

    private LdSoCache() {
    }

    static Map<String, List<String>> parse(byte[] cache, boolean littleEndian) {
        Map<String, List<String>> entries = new LinkedHashMap<>();
        if (cache == null) {
            return entries;
        }
        int start = indexOf(cache, MAGIC);
        if (start < 0 || cache.length - start < HEADER) {
            return entries;
        }
        ByteBuffer b = ByteBuffer.wrap(cache).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        long count = b.getInt(start + 20) & 0xffffffffL;
        if (count > MAX_ENTRIES) {
            return entries;
        }
        for (int i = 0; i < count; i++) {
            long at = start + HEADER + (long) i * ENTRY;
            if (at + ENTRY > cache.length) {
                break;
            }
            String key = string(cache, start + (b.getInt((int) at + 4) & 0xffffffffL));
            String value = string(cache, start + (b.getInt((int) at + 8) & 0xffffffffL));
            if (key != null && value != null && value.startsWith("/")) {
                entries.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return entries;
    }

    private static String string(byte[] bytes, long offset) {
        if (offset < 0 || offset >= bytes.length) {
            return null;
        }
        int end = (int) offset;
        while (end < bytes.length && bytes[end] != 0 && end - offset < 4096) {
            end++;
        }
        return end < bytes.length && bytes[end] == 0 ? new String(bytes, (int) offset, end - (int) offset,
                StandardCharsets.UTF_8) : null;
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        int limit = Math.min(bytes.length - pattern.length, 1 << 20);
        outer:
        for (int i = 0; i <= limit; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
