package dev.switchboard.security;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The content of a token that verified: the payload bytes given to {@link MessageSigner#sign} and
 * the time it was signed (millisecond precision).
 */
public final class SignedToken {
    private final byte[] payload;
    private final Instant signedAt;

    SignedToken(byte[] payload, Instant signedAt) {
        this.payload = Objects.requireNonNull(payload, "payload");
        this.signedAt = Objects.requireNonNull(signedAt, "signedAt");
    }

    /** A copy of the signed payload. */
    public byte[] payload() {
        return payload.clone();
    }

    public Instant signedAt() {
        return signedAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedToken t && Arrays.equals(payload, t.payload) && signedAt.equals(t.signedAt);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(payload) + signedAt.hashCode();
    }

    @Override
    public String toString() {
        return "SignedToken[" + payload.length + " bytes, signed at " + signedAt + "]";
    }
}
