package dev.switchboard.protocol;

/** The serializations a connection can speak, chosen once per connection by {@code vsn}. */
public enum WireFormat {
    /** {@code vsn=1.0.0}: one JSON object per text frame; no binary. */
    V1_JSON,
    /** {@code vsn=2.0.0}: JSON arrays in text frames, binary payloads in binary frames. */
    V2;

    /** Number of formats; sizes per-format caches. */
    public static final int COUNT = values().length;
}
