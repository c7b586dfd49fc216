package dev.switchboard.bridge.websocketd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Percent-decoding of URL paths: {@code %XX} only ({@code +} is a plus in a path, not a space). */
final class UrlPaths {
    private UrlPaths() {}

    /** The path part of a request target ({@code /a/b?x=1} → {@code /a/b}). */
    static String rawPath(String uri) {
        int q = uri.indexOf('?');
        int h = uri.indexOf('#');
        int end = q >= 0 ? q : uri.length();
        if (h >= 0 && h < end) {
            end = h;
        }
        return uri.substring(0, end);
    }

    /** The raw query string, without {@code ?}, or "" ({@code /a?x=1} → {@code x=1}). */
    static String rawQuery(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return "";
        }
        int h = uri.indexOf('#', q);
        return uri.substring(q + 1, h < 0 ? uri.length() : h);
    }

    /**
     * Decodes {@code %XX} escapes as UTF-8.
     *
     * @throws IllegalArgumentException on a malformed escape
     */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("malformed percent escape in " + s);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("malformed percent escape in " + s);
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
