package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Writes the JSON framing of an outgoing frame by hand into one exactly sized byte array.
 *
 * <p>Encoders first add up the {@code *Length} of every part, then write the parts in order. Sizing
 * exactly means one allocation and no final copy, which matters because every frame the server
 * sends passes through here. Payload bytes are copied verbatim: a {@link JsonPayload} is never
 * re-serialized.
 */
final class JsonFrameWriter {
    private final byte[] out;
    private int pos;

    JsonFrameWriter(int size) {
        out = new byte[size];
    }

    /** The bytes of a framing literal that contains only ASCII and needs no escaping. */
    static byte[] ascii(String literal) {
        return literal.getBytes(StandardCharsets.US_ASCII);
    }

    /** Bytes needed for {@code s} as a quoted, escaped JSON string in UTF-8. */
    static int quotedLength(String s) {
        int n = 2;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += escapedAsciiLength(c);
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 1; // unpaired surrogate: written as '?', like String.getBytes(UTF_8) does
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static int escapedAsciiLength(char c) {
        if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
            return 2;
        }
        return c < 0x20 ? 6 : 1;
    }

    /** Bytes needed for a ref: {@code null}, a JSON number as received, or a quoted string. */
    static int refLength(Ref ref) {
        if (ref == null) {
            return 4;
        }
        if (ref.number()) {
            requireJsonNumber(ref.value());
            return ref.value().length();
        }
        return quotedLength(ref.value());
    }

    /** Rejects a payload that is not a JSON object where the protocol requires one (Phoenix raises too). */
    static JsonPayload requireObject(JsonPayload payload, String what) {
        if (!payload.isObject()) {
            throw new EncodeException(what + " must be a JSON object, got " + preview(payload));
        }
        return payload;
    }

    private static String preview(JsonPayload payload) {
        String text = payload.toString();
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    JsonFrameWriter raw(byte[] bytes) {
        System.arraycopy(bytes, 0, out, pos, bytes.length);
        pos += bytes.length;
        return this;
    }

    JsonFrameWriter ref(Ref ref) {
        if (ref == null) {
            out[pos++] = 'n';
            out[pos++] = 'u';
            out[pos++] = 'l';
            out[pos++] = 'l';
        } else if (ref.number()) {
            // Validated as ASCII digits/signs/dots/exponent by refLength().
            String v = ref.value();
            for (int i = 0; i < v.length(); i++) {
                out[pos++] = (byte) v.charAt(i);
            }
        } else {
            quoted(ref.value());
        }
        return this;
    }

    JsonFrameWriter quoted(String s) {
        out[pos++] = '"';
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                writeAscii(c);
            } else if (c < 0x800) {
                out[pos++] = (byte) (0xC0 | (c >> 6));
                out[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[pos++] = (byte) (0xF0 | (cp >> 18));
                out[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[pos++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                out[pos++] = '?';
            } else {
                out[pos++] = (byte) (0xE0 | (c >> 12));
                out[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        out[pos++] = '"';
        return this;
    }

    private void writeAscii(char c) {
        switch (c) {
            case '"' -> escape('"');
            case '\\' -> escape('\\');
            case '\b' -> escape('b');
            case '\f' -> escape('f');
            case '\n' -> escape('n');
            case '\r' -> escape('r');
            case '\t' -> escape('t');
            default -> {
                if (c < 0x20) {
                    out[pos++] = '\\';
                    out[pos++] = 'u';
                    out[pos++] = '0';
                    out[pos++] = '0';
                    out[pos++] = HEX[c >> 4];
                    out[pos++] = HEX[c & 0xF];
                } else {
                    out[pos++] = (byte) c;
                }
            }
        }
    }

    private void escape(char c) {
        out[pos++] = '\\';
        out[pos++] = (byte) c;
    }

    private static final byte[] HEX = ascii("0123456789abcdef");

    /** The finished frame; the measured size must have been used up exactly. */
    byte[] toBytes() {
        if (pos != out.length) {
            throw new IllegalStateException("frame measured " + out.length + " bytes but wrote " + pos);
        }
        return out;
    }

    /**
     * A numeric ref is written without quotes, so it must be valid JSON number text (it always is
     * when it came from the parser; this guards refs built by hand).
     */
    private static void requireJsonNumber(String v) {
        int i = 0;
        int n = v.length();
        if (i < n && v.charAt(i) == '-') {
            i++;
        }
        int intStart = i;
        while (i < n && isDigit(v.charAt(i))) {
            i++;
        }
        boolean ok = i > intStart && (v.charAt(intStart) != '0' || i == intStart + 1);
        if (ok && i < n && v.charAt(i) == '.') {
            int fracStart = ++i;
            while (i < n && isDigit(v.charAt(i))) {
                i++;
            }
            ok = i > fracStart;
        }
        if (ok && i < n && (v.charAt(i) == 'e' || v.charAt(i) == 'E')) {
            i++;
            if (i < n && (v.charAt(i) == '+' || v.charAt(i) == '-')) {
                i++;
            }
            int expStart = i;
            while (i < n && isDigit(v.charAt(i))) {
                i++;
            }
            ok = i > expStart;
        }
        if (!ok || i != n) {
            throw new EncodeException("numeric ref is not a JSON number: " + v);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
