package dev.zeroimage.build;

import dev.zeroimage.ZeroImageException;

import java.util.Locale;

/** Parses exposed ports as Docker writes them: {@code 8080}, {@code 8080/tcp}, {@code 53/udp}. */
final class PortSpec {
    private PortSpec() {
    }

    /** Returns the config key form {@code 8080/tcp}. */
    static String parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        String[] parts = value.split("/", -1);
        String protocol = parts.length == 2 ? parts[1] : "tcp";
        boolean valid = (parts.length == 1 || parts.length == 2)
                && parts[0].matches("[0-9]{1,5}") && Integer.parseInt(parts[0]) >= 1
                && Integer.parseInt(parts[0]) <= 65535
                && (protocol.equals("tcp") || protocol.equals("udp") || protocol.equals("sctp"));
        if (!valid) {
            throw new ZeroImageException("Invalid port '" + text + "' in ports: expected a number from 1 to 65535,"
                    + " optionally followed by /tcp, /udp or /sctp (8080, 8080/tcp, 53/udp)");
        }
        return Integer.parseInt(parts[0]) + "/" + protocol;
    }
}
