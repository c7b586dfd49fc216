package dev.switchboard.redis;

/**
 * Bytes on a cluster channel that are not a Switchboard envelope this node can read: another
 * application publishing on the same channel, a newer envelope version, or corruption. The
 * message says which.
 */
final class InvalidEnvelopeException extends Exception {
    InvalidEnvelopeException(String reason) {
        super(reason, null, false, false); // expected on shared channels: no stack trace
    }
}
