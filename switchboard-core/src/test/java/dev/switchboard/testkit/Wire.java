package dev.switchboard.testkit;

/** Helpers for writing expected frames readably. */
public final class Wire {
    private Wire() {}

    /**
     * JSON written with single quotes, for readable frames in tests:
     * {@code q("[null,'1','phoenix','heartbeat',{}]")} is {@code [null,"1","phoenix","heartbeat",{}]}.
     * Every {@code '} becomes {@code "}, so the text itself must not need an apostrophe.
     */
    public static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
