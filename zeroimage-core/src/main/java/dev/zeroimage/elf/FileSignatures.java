package dev.zeroimage.elf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Recognises what a file that is not ELF is, from its first bytes, to tell the user what to do instead. */
final class FileSignatures {
    /** Enough for a shebang line and every magic number below. */
    static final int HEAD_SIZE = 256;

    private static final String CROSS_COMPILE = "cross-compile it for Linux (for GraalVM, run native-image on"
            + " Linux or in a Linux container)";

    private FileSignatures() {
    }

    static boolean isElf(byte[] head) {
        return startsWith(head, 0x7f, 'E', 'L', 'F');
    }

    /**
     * What the non-ELF file with these first bytes is, and what to do, as a phrase that follows
     * "FILE is ".
     */
    static String describe(byte[] head) {
        if (startsWith(head, 'P', 'K', 3, 4) || startsWith(head, 'P', 'K', 5, 6)) {
            return "a Java archive (jar/zip), not a native executable: build a native image"
                    + " (GraalVM native-image / native-maven-plugin) and point `executable` at it";
        }
        if (startsWith(head, '#', '!')) {
            return "a script run by " + shebangInterpreter(head) + ", not a native executable:"
                    + " point `executable` at the native program the script starts";
        }
        if (startsWith(head, 0xfe, 0xed, 0xfa, 0xce) || startsWith(head, 0xfe, 0xed, 0xfa, 0xcf)
                || startsWith(head, 0xce, 0xfa, 0xed, 0xfe) || startsWith(head, 0xcf, 0xfa, 0xed, 0xfe)) {
            return "a Mach-O executable built for macOS, not a Linux one: " + CROSS_COMPILE;
        }
        if (startsWith(head, 0xca, 0xfe, 0xba, 0xbe) && head.length >= 8) {
            // Shared by Mach-O universal binaries and Java classes: a universal binary stores its
            // (small) architecture count next, a class file its version (45 or more), as file(1) checks.
            int next = ByteBuffer.wrap(head, 4, 4).getInt();
            if (next >= 0 && next < 30) {
                return "a Mach-O universal binary built for macOS, not a Linux executable: " + CROSS_COMPILE;
            }
            return "a Java class file, not a native executable: build a native image"
                    + " (GraalVM native-image / native-maven-plugin) and point `executable` at it";
        }
        if (startsWith(head, 'M', 'Z')) {
            return "a Windows executable (PE/COFF, starts with MZ), not a Linux one: " + CROSS_COMPILE;
        }
        return "of an unknown format, not an ELF executable (first bytes: " + hex(head, 16) + "):"
                + " point `executable` at a native Linux executable";
    }

    /** "/bin/sh", or "python3 (via /usr/bin/env)" for the env idiom. */
    private static String shebangInterpreter(byte[] head) {
        int end = 2;
        while (end < head.length && head[end] != '\n' && head[end] != '\r' && head[end] != 0) {
            end++;
        }
        String[] words = new String(head, 2, end - 2, StandardCharsets.UTF_8).trim().split("[ \t]+");
        if (words[0].isEmpty()) {
            return "an empty #! line";
        }
        if (words[0].endsWith("/env") && words.length > 1) {
            for (int i = 1; i < words.length; i++) {
                if (!words[i].startsWith("-")) {
                    return words[i] + " (via " + words[0] + ")";
                }
            }
        }
        return words[0];
    }

    static String hex(byte[] bytes, int max) {
        int length = Math.min(bytes.length, max);
        return HexFormat.ofDelimiter(" ").formatHex(bytes, 0, length);
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
