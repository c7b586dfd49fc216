package dev.switchboard.testsupport.ws;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * permessage-deflate payloads (RFC 7692 §7.2) as a client makes and reads them, with the JDK's
 * zlib: raw deflate with a sync flush, the trailing {@code 00 00 ff ff} removed on the way out
 * and put back on the way in. Each message on its own (no context kept between messages).
 */
public final class Deflate {
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    private Deflate() {}

    /** The compressed payload of a message. */
    public static byte[] compress(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
                out.write(buf, 0, n);
            }
            byte[] all = out.toByteArray();
            return Arrays.copyOf(all, all.length - TAIL.length);
        } finally {
            deflater.end();
        }
    }

    /** The message a compressed payload holds, as UTF-8 text. */
    public static String inflate(byte[] payload) {
        return new String(inflateBytes(payload), StandardCharsets.UTF_8);
    }

    /** The message a compressed payload holds. */
    public static byte[] inflateBytes(byte[] payload) {
        Inflater inflater = new Inflater(true);
        try {
            byte[] input = Arrays.copyOf(payload, payload.length + TAIL.length);
            System.arraycopy(TAIL, 0, input, payload.length, TAIL.length);
            inflater.setInput(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inflater.needsInput()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.finished() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a permessage-deflate payload: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
