package dev.zeroimage.registry;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed {@code WWW-Authenticate} header: {@code Bearer realm="…",service="…",scope="…"} or {@code Basic realm="…"}. */
record AuthChallenge(String scheme, Map<String, String> parameters) {
    private static final Pattern PARAMETER = Pattern.compile("([A-Za-z_]+)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]*))");

    static AuthChallenge parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String trimmed = header.trim();
        int space = trimmed.indexOf(' ');
        String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> parameters = new HashMap<>();
        if (space > 0) {
            Matcher matcher = PARAMETER.matcher(trimmed.substring(space + 1));
            while (matcher.find()) {
                String value = matcher.group(2) != null ? matcher.group(2).replaceAll("\\\\(.)", "$1") : matcher.group(3);
                parameters.put(matcher.group(1).toLowerCase(Locale.ROOT), value);
            }
        }
        return new AuthChallenge(scheme, parameters);
    }

    boolean isBearer() {
        return scheme.equals("bearer");
    }

    boolean isBasic() {
        return scheme.equals("basic");
    }

    String realm() {
        return parameters.get("realm");
    }

    String service() {
        return parameters.get("service");
    }
}
