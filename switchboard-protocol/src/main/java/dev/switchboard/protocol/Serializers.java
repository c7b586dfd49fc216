package dev.switchboard.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Chooses the serializer for a connection from its {@code vsn} connect parameter (spec §1.2).
 *
 * <p>Phoenix matches {@code vsn} against the Elixir requirements {@code ~> 1.0.0} (V1 JSON) and
 * {@code ~> 2.0.0} (V2), that is any {@code 1.0.x} or {@code 2.0.x}. Anything else must refuse the
 * connection, so it yields an empty result here rather than a fallback.
 */
public final class Serializers {
    private static final Serializer V1 = new V1JsonSerializer();
    private static final Serializer V2 = new V2Serializer();

    /**
     * {@code MAJOR.0.PATCH} with MAJOR 1 or 2, no leading zeros and no pre-release part. Build metadata
     * ({@code +...}) is accepted because semantic versioning, and so Elixir's matching, ignores it.
     */
    private static final Pattern SUPPORTED =
            Pattern.compile("([12])\\.0\\.(?:0|[1-9][0-9]*)(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

    private Serializers() {}

    /**
     * The serializer for a {@code vsn} value, or empty when the version is unsupported or not a
     * version at all. A missing {@code vsn} (null) means {@code 1.0.0}.
     */
    public static Optional<Serializer> forVsn(String vsn) {
        if (vsn == null) {
            return Optional.of(V1);
        }
        var m = SUPPORTED.matcher(vsn);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1).equals("1") ? V1 : V2);
    }

    /** The shared V1 JSON serializer. */
    public static Serializer v1() {
        return V1;
    }

    /** The shared V2 serializer. */
    public static Serializer v2() {
        return V2;
    }

    /** The shared serializer for a wire format. */
    public static Serializer of(WireFormat format) {
        return switch (format) {
            case V1_JSON -> V1;
            case V2 -> V2;
        };
    }
}
