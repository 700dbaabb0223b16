package dev.zeroimage.image;

import dev.zeroimage.ZeroImageException;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * An exposed port or port range as Docker and Jib accept it: {@code 8080}, {@code 8080/tcp},
 * {@code 53/udp}, {@code 2000-2003/udp}. The config lists every port of a range on its own
 * ({@code 2000/udp} … {@code 2003/udp}), as {@code EXPOSE 2000-2003/udp} does.
 */
public record Port(int first, int last, String protocol) {
    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,5})(?:-([0-9]{1,5}))?(?:/([a-z]+))?");
    private static final List<String> PROTOCOLS = List.of("tcp", "udp", "sctp");

    public Port {
        if (first < 1 || last > 65535 || first > last || !PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("Not a port range: " + first + "-" + last + "/" + protocol);
        }
    }

    public static Port parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = SYNTAX.matcher(value);
        if (matcher.matches()) {
            int first = Integer.parseInt(matcher.group(1));
            int last = matcher.group(2) == null ? first : Integer.parseInt(matcher.group(2));
            String protocol = matcher.group(3) == null ? "tcp" : matcher.group(3);
            if (first >= 1 && last <= 65535 && first <= last && PROTOCOLS.contains(protocol)) {
                return new Port(first, last, protocol);
            }
        }
        throw new ZeroImageException("Invalid port '" + text + "' in ports: expected a number from 1 to 65535,"
                + " optionally followed by /tcp, /udp or /sctp (8080, 8080/tcp, 53/udp), or a range such as"
                + " 2000-2003/udp");
    }

    /** The {@code ExposedPorts} keys: {@code 8080/tcp}, one per port of a range. */
    public List<String> configKeys() {
        return IntStream.rangeClosed(first, last).mapToObj(port -> port + "/" + protocol).toList();
    }

    @Override
    public String toString() {
        return (first == last ? String.valueOf(first) : first + "-" + last) + "/" + protocol;
    }
}
