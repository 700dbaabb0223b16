package dev.zeroimage.testing;

/**
 * One request as the test registry's access log recorded it.
 *
 * @param method HTTP method, e.g. {@code PUT}
 * @param path   request URI as sent, with the query string, e.g. {@code /v2/demo/app/manifests/1}
 * @param status HTTP status the registry answered
 */
public record AccessLogEntry(String method, String path, int status) {

    /** {@link #path()} without its query string. */
    public String pathWithoutQuery() {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** Whether this is {@code method} on a path (without query) that matches the regular expression. */
    public boolean is(String method, String pathRegex) {
        return this.method.equals(method) && pathWithoutQuery().matches(pathRegex);
    }

    @Override
    public String toString() {
        return method + " " + path + " " + status;
    }
}
