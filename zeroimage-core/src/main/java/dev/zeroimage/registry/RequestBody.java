package dev.zeroimage.registry;

import java.net.http.HttpRequest;

/** A request body that can be sent again (a retry or redirect opens it anew). */
interface RequestBody {
    RequestBody EMPTY = bytes(null, new byte[0]);

    long length();

    /** The Content-Type to send, or null for none. */
    String contentType();

    /** A fresh publisher of the bytes; reads are reported to {@code activity} (may be null). */
    HttpRequest.BodyPublisher publisher(Activity activity);

    static RequestBody bytes(String contentType, byte[] content) {
        return new RequestBody() {
            @Override
            public long length() {
                return content.length;
            }

            @Override
            public String contentType() {
                return contentType;
            }

            @Override
            public HttpRequest.BodyPublisher publisher(Activity activity) {
                return content.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(content);
            }
        };
    }
}
