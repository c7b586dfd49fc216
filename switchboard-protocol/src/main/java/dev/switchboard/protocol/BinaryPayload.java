package dev.switchboard.protocol;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** Raw bytes carried by a V2 binary frame. The array is owned by the payload: do not mutate it. */
public final class BinaryPayload implements Payload {
    private final byte[] bytes;

    BinaryPayload(byte[] bytes) {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    /** The bytes, not copied. */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryPayload other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "binary[" + HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, 32))
                + (bytes.length > 32 ? " …" : "") + "]";
    }
}
