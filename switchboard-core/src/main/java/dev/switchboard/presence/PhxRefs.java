package dev.switchboard.presence;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes {@code phx_ref}s as Phoenix does: URL-safe base64 of 12 bytes, 16 characters. The first
 * 6 bytes are random per tracker (per node incarnation), the last 6 a counter, so refs are unique
 * on a node without coordination and across nodes with overwhelming probability (2^-48 per pair of
 * incarnations), and making one costs an increment, not a call into the secure random source.
 */
final class PhxRefs {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final long COUNTER_MASK = (1L << 48) - 1;

    private final byte[] prefix = new byte[6];
    private final AtomicLong counter = new AtomicLong();

    PhxRefs() {
        new SecureRandom().nextBytes(prefix);
    }

    String next() {
        long n = counter.incrementAndGet() & COUNTER_MASK;
        ByteBuffer bytes = ByteBuffer.allocate(12);
        bytes.put(prefix);
        bytes.putShort((short) (n >>> 32));
        bytes.putInt((int) n);
        return ENCODER.encodeToString(bytes.array());
    }
}
