package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** URL checks and the form of a URL that may be shown: upload locations carry a session token in the query. */
final class Urls {
    private Urls() {
    }

    /** {@code url} without query and fragment (the registry's {@code _state} token is in the query). */
    static String redact(String url) {
        if (url == null) {
            return null;
        }
        int cut = url.length();
        for (char c : new char[]{'?', '#'}) {
            int at = url.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return url.substring(0, cut);
    }

    static String redact(URI uri) {
        return redact(uri.toString());
    }

    /**
     * {@code reference} resolved against {@code base}: must be an http or https URL with a host.
     * @param what what the reference is, for the error ("the Location header of the upload of …")
     * @param registry the registry (or token server) that sent it
     */
    static URI resolveHttp(URI base, String reference, String what, String registry) {
        URI resolved;
        try {
            resolved = base.resolve(new URI(reference.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ZeroImageException("Registry " + registry + " sent " + what + " that is not a valid URL ('"
                    + redact(reference) + "'): the registry or a proxy in front of it is misbehaving");
        }
        String scheme = resolved.getScheme() == null ? "" : resolved.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || resolved.getHost() == null) {
            throw new ZeroImageException("Registry " + registry + " sent " + what + " that is not an http(s) URL ('"
                    + redact(reference) + "'): refusing to follow it");
        }
        return resolved;
    }

    /** host:port of a URL (default ports made explicit), lower case. */
    static String hostAndPort(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return (uri.getHost() + ":" + port).toLowerCase(Locale.ROOT);
    }

    /** A failure in words: its message, or its type when it has none, with the cause's message if that helps. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 300; t = t.getCause()) {
            String message = t.getMessage();
            String part = message == null || message.isBlank() ? t.getClass().getSimpleName()
                    : t instanceof java.net.http.HttpTimeoutException || t instanceof ZeroImageException ? message
                    : t.getClass().getSimpleName() + ": " + message;
            if (text.indexOf(part) < 0) {
                if (text.length() > 0) {
                    text.append(" (").append(part).append(')');
                    break;
                }
                text.append(part);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return text.toString();
    }
}
