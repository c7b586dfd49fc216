package dev.switchboard.server.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

/**
 * How the server speaks TLS: a built server {@link SslContext} (JDK provider, TLSv1.3 and TLSv1.2
 * only) and the certificate it presents. Immutable; one instance may serve several servers.
 *
 * <pre>{@code
 * SwitchboardServer.builder().tls(TlsConfig.pem(Path.of("cert.pem"), Path.of("key.pem")))...
 * SwitchboardServer.builder().tls(TlsConfig.selfSigned())...   // development only
 * }</pre>
 *
 * Every factory does its work at once and throws {@link TlsConfigException} with a one-line
 * reason, so a bad file stops start-up rather than the first client's handshake.
 */
public final class TlsConfig {
    /** The only protocol versions offered; older ones have known weaknesses. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * How long a client has to complete the TLS handshake before its connection is closed, so
     * half-open or stalled clients do not hold sockets.
     */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final SslContext context;
    private final X509Certificate certificate;
    private final boolean selfSigned;
    private final String source;

    private TlsConfig(SslContext context, X509Certificate certificate, boolean selfSigned, String source) {
        this.context = context;
        this.certificate = certificate;
        this.selfSigned = selfSigned;
        this.source = source;
    }

    /**
     * TLS from PEM files: a certificate chain (leaf first, intermediates after it) and its
     * unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}).
     *
     * @throws TlsConfigException when a file is missing or unreadable, the key is PKCS#1/SEC1 or
     *                            encrypted (the message gives the {@code openssl} command to
     *                            convert it), or the key does not belong to the certificate
     */
    public static TlsConfig pem(Path certificateChain, Path privateKey) {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
        PemFiles.KeyAndChain pair = PemFiles.read(certificateChain, privateKey);
        SslContextBuilder builder = SslContextBuilder.forServer(pair.key(), pair.chain().toArray(X509Certificate[]::new));
        return new TlsConfig(build(builder), pair.leaf(), false, certificateChain.toString());
    }

    /**
     * TLS with a certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1} generated
     * now by the JDK's {@code keytool}. Clients must be told to trust it ({@link #certificatePem()},
     * {@link #sha256Fingerprint()}); meant for development, never for production.
     *
     * @throws TlsConfigException when keytool is missing or fails
     */
    public static TlsConfig selfSigned() {
        SelfSigned.Generated generated = SelfSigned.generate();
        try {
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(generated.keyStore(), generated.password());
            return new TlsConfig(build(SslContextBuilder.forServer(keyManagers)), generated.certificate(), true,
                    "self-signed");
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("cannot use the self-signed certificate: " + e.getMessage(), e);
        }
    }

    /**
     * TLS with a server context built elsewhere (client certificates, another provider, ...). The
     * caller owns its protocols and ciphers.
     */
    public static TlsConfig of(SslContext serverContext, X509Certificate certificate) {
        Objects.requireNonNull(serverContext, "serverContext");
        if (!serverContext.isServer()) {
            throw new IllegalArgumentException("a client SslContext cannot serve connections");
        }
        return new TlsConfig(serverContext, certificate, false, "custom SslContext");
    }

    private static SslContext build(SslContextBuilder builder) {
        try {
            return builder.sslProvider(SslProvider.JDK).protocols(PROTOCOLS).build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsConfigException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** A handler for one new connection, with the {@link #HANDSHAKE_TIMEOUT}. */
    public SslHandler newHandler(ByteBufAllocator allocator) {
        SslHandler handler = context.newHandler(allocator);
        handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT.toMillis());
        return handler;
    }

    public SslContext sslContext() {
        return context;
    }

    /** The certificate presented to clients (the leaf), or null when {@link #of} was given none. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The {@link #certificate()} as PEM, to hand to a client that must trust a self-signed one. */
    public String certificatePem() {
        return certificate == null ? null : Certificates.toPem(certificate);
    }

    /** SHA-256 of the certificate, {@code AB:CD:...}; what a browser shows to compare against. */
    public String sha256Fingerprint() {
        return certificate == null ? null : Certificates.sha256Fingerprint(certificate);
    }

    public boolean isSelfSigned() {
        return selfSigned;
    }

    /**
     * One line for a start-up banner, e.g. {@code self-signed certificate for localhost, SHA-256
     * fingerprint AB:CD:...}.
     */
    public String describe() {
        if (certificate == null) {
            return source;
        }
        String what = selfSigned ? "self-signed certificate" : "certificate";
        String from = selfSigned ? "" : " from " + source;
        return what + " for " + Certificates.commonName(certificate) + from + ", SHA-256 fingerprint "
                + sha256Fingerprint();
    }

    @Override
    public String toString() {
        return "TlsConfig[" + describe() + "]";
    }
}
