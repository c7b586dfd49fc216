package dev.switchboard.server.hostile;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

/** Random building blocks for hostile inputs. */
final class Junk {
    private static final String TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
    private static final String[] VALID = {
        "[\"1\",\"2\",\"room:a\",\"ping\",{\"a\":1}]",
        "[null,\"9\",\"phoenix\",\"heartbeat\",{}]",
        "[\"3\",\"3\",\"room:lobby\",\"phx_join\",{\"nick\":\"ann\",\"list\":[1,2,{\"x\":null}]}]",
    };

    private Junk() {}

    static String ascii(Random rnd, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = (char) (0x21 + rnd.nextInt(0x5e));
        }
        return new String(c);
    }

    static String token(Random rnd, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = TOKEN_CHARS.charAt(rnd.nextInt(TOKEN_CHARS.length()));
        }
        return new String(c);
    }

    /** A JSON string literal of random (valid) Unicode, escapes included. */
    static String jsonString(Random rnd, int length) {
        StringBuilder sb = new StringBuilder(length + 2).append('"');
        for (int i = 0; i < length; i++) {
            int k = rnd.nextInt(10);
            if (k < 6) {
                sb.append(TOKEN_CHARS.charAt(rnd.nextInt(TOKEN_CHARS.length())));
            } else if (k == 6) {
                sb.append("\\u").append(String.format("%04x", rnd.nextInt(0xd800)));
            } else if (k == 7) {
                sb.append(new String[] {"\\\"", "\\\\", "\\n", "\\t", "\\/"}[rnd.nextInt(5)]);
            } else {
                sb.appendCodePoint(0xa0 + rnd.nextInt(0x2000));
            }
        }
        return sb.append('"').toString();
    }

    /** Any JSON value, nested up to {@code depth}. */
    static String jsonValue(Random rnd, int depth) {
        int k = rnd.nextInt(depth > 0 ? 8 : 6);
        return switch (k) {
            case 0 -> "null";
            case 1 -> rnd.nextBoolean() ? "true" : "false";
            case 2 -> Long.toString(rnd.nextLong());
            case 3 -> Double.toString(rnd.nextGaussian() * 1e10);
            case 4, 5 -> jsonString(rnd, rnd.nextInt(20));
            case 6 -> {
                StringBuilder sb = new StringBuilder("[");
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    sb.append(jsonValue(rnd, depth - 1)).append(i > 1 ? "," : "");
                }
                yield sb.append(']').toString();
            }
            default -> {
                StringBuilder sb = new StringBuilder("{");
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    sb.append(jsonString(rnd, 1 + rnd.nextInt(6))).append(':').append(jsonValue(rnd, depth - 1))
                            .append(i > 1 ? "," : "");
                }
                yield sb.append('}').toString();
            }
        };
    }

    /** Text that is not JSON: a strict prefix of a valid frame, or one with a syntax-breaking byte. */
    static String invalidJson(Random rnd) {
        String valid = VALID[rnd.nextInt(VALID.length)];
        if (rnd.nextBoolean()) {
            return valid.substring(0, 1 + rnd.nextInt(valid.length() - 1));
        }
        int at = 1 + rnd.nextInt(valid.length() - 2);
        String breaker = new String[] {"]]", "{", "\"", ",,", ":", "}", "[", "tru", "@"}[rnd.nextInt(9)];
        String broken = valid.substring(0, at) + breaker + valid.substring(at);
        // Inside a string literal some breakers are harmless; force the end out of shape too.
        return broken.substring(0, broken.length() - 1) + "]]]";
    }

    static String describe(byte[] bytes) {
        int n = Math.min(bytes.length, 96);
        String printable = new String(bytes, 0, n, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".");
        return bytes.length + " bytes: " + printable + " | hex " + HexFormat.of().formatHex(bytes, 0, Math.min(n, 48));
    }
}
