package dev.switchboard.server.tls;

/**
 * TLS could not be configured: a certificate or key file is missing, unreadable, in a format the
 * JDK cannot read, or the key does not belong to the certificate. The message is one line that
 * names the file and what to do about it.
 */
public final class TlsConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TlsConfigException(String message) {
        super(message);
    }

    public TlsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
