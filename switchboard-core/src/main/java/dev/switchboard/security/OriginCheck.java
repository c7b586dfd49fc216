package dev.switchboard.security;

/**
 * The verdict of an {@link OriginPolicy}.
 *
 * @param allowed whether the request may proceed
 * @param reason  why it was refused, for the log line (empty when allowed)
 */
public record OriginCheck(boolean allowed, String reason) {
    static final OriginCheck ALLOWED = new OriginCheck(true, "");

    public OriginCheck {
        reason = reason == null ? "" : reason;
    }

    static OriginCheck refused(String reason) {
        return new OriginCheck(false, reason);
    }
}
