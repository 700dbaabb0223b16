package dev.zeroimage.signing;

import java.util.ArrayList;
import java.util.List;

/** The few DER pieces a PKCS#8 EC key needs: tag-length-value elements and their children. */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;

    /** One element: its tag and the bytes of its value. */
    record Element(int tag, byte[] value) {
        List<Element> children() {
            return Der.parseAll(value);
        }
    }

    private Der() {
    }

    /** Parses a sequence of elements filling {@code bytes} exactly; IllegalArgumentException when malformed. */
    static List<Element> parseAll(byte[] bytes) {
        List<Element> elements = new ArrayList<>();
        int offset = 0;
        while (offset < bytes.length) {
            int tag = bytes[offset++] & 0xff;
            if ((tag & 0x1f) == 0x1f) {
                throw new IllegalArgumentException("multi-byte DER tags are not used in keys");
            }
            if (offset >= bytes.length) {
                throw new IllegalArgumentException("truncated DER length");
            }
            int first = bytes[offset++] & 0xff;
            int length;
            if (first < 0x80) {
                length = first;
            } else {
                int count = first & 0x7f;
                if (count == 0 || count > 3 || offset + count > bytes.length) {
                    throw new IllegalArgumentException("bad DER length");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (bytes[offset++] & 0xff);
                }
            }
            if (length > bytes.length - offset) {
                throw new IllegalArgumentException("DER element longer than its container");
            }
            byte[] value = new byte[length];
            System.arraycopy(bytes, offset, value, 0, length);
            offset += length;
            elements.add(new Element(tag, value));
        }
        return elements;
    }

    static Element parseOne(byte[] bytes) {
        List<Element> elements = parseAll(bytes);
        if (elements.size() != 1) {
            throw new IllegalArgumentException("expected one DER element, found " + elements.size());
        }
        return elements.get(0);
    }

    static byte[] encode(int tag, byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] header;
        if (length < 0x80) {
            header = new byte[]{(byte) tag, (byte) length};
        } else if (length < 0x100) {
            header = new byte[]{(byte) tag, (byte) 0x81, (byte) length};
        } else {
            header = new byte[]{(byte) tag, (byte) 0x82, (byte) (length >> 8), (byte) length};
        }
        byte[] out = new byte[header.length + length];
        System.arraycopy(header, 0, out, 0, header.length);
        int offset = header.length;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }
}
