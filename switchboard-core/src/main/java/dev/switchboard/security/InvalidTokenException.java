package dev.switchboard.security;

/**
 * A token that did not verify. The {@link #reason()} is for logs and metrics; clients should only
 * ever learn that their token was refused, not why.
 */
public final class InvalidTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Why a token was refused. {@link #code()} folds the reasons into the three outcomes of
     * {@code Phoenix.Token} ({@code expired}, {@code invalid}, {@code missing}) for logs, CLIs and
     * apps that only need to know whether asking the user to log in again will help.
     */
    public enum Reason {
        /** No token at all (null or empty), e.g. a client that sent no {@code token} param. */
        MISSING,
        /** Not of the form {@code payload.signature}, bad base64url, too long, or too short to hold a timestamp. */
        MALFORMED,
        /** Signed with none of the verification keys, for another purpose, or altered. */
        BAD_SIGNATURE,
        /** Signed longer ago than the maximum age. */
        EXPIRED,
        /** Signed further in the future than the allowed clock skew between nodes. */
        NOT_YET_VALID;

        /** {@code "expired"}, {@code "missing"}, or {@code "invalid"} for every other reason. */
        public String code() {
            return switch (this) {
                case EXPIRED -> "expired";
                case MISSING -> "missing";
                case MALFORMED, BAD_SIGNATURE, NOT_YET_VALID -> "invalid";
            };
        }
    }

    private final Reason reason;

    public InvalidTokenException(Reason reason, String message) {
        // No stack trace: refusing a token is an expected outcome on a hot path, not a bug.
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
