package dev.switchboard.protocol;

import java.util.Objects;

/**
 * A {@code ref} or {@code join_ref}: an opaque client-chosen token that the server echoes verbatim.
 *
 * <p>phoenix.js always sends decimal strings, but the V2 JSON format allows any JSON scalar and a
 * compatible server must echo the value exactly as received: {@code "7"} comes back as {@code "7"},
 * {@code 7} as {@code 7}. {@link #number()} records which of the two it was. Refs from binary frames
 * are always strings.
 *
 * @param value  the textual value ({@code "7"} for both {@code "7"} and {@code 7})
 * @param number true when the ref arrived as a JSON number (and so must be written back as one)
 */
public record Ref(String value, boolean number) {

    public Ref {
        Objects.requireNonNull(value, "value");
    }

    /** A string ref, as phoenix.js sends them. */
    public static Ref of(String value) {
        return value == null ? null : new Ref(value, false);
    }

    /** The textual value of a possibly-null ref. */
    public static String valueOf(Ref ref) {
        return ref == null ? null : ref.value;
    }

    @Override
    public String toString() {
        return number ? value : '"' + value + '"';
    }
}
