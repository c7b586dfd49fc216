package dev.switchboard.server.tls;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Test helpers: clients that trust one certificate, and PEM files written from a generated pair. */
final class TestTls {
    private TestTls() {}

    /** An SSLContext whose only trusted certificate is {@code certificate}. */
    static SSLContext trusting(X509Certificate certificate) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    static HttpClient httpsClient(X509Certificate certificate) throws GeneralSecurityException, IOException {
        return HttpClient.newBuilder()
                .sslContext(trusting(certificate))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** A keytool-generated key and certificate written as PEM: {@code cert.pem} and {@code key.pem} in dir. */
    static Pem writePem(Path dir) throws IOException {
        SelfSigned.Generated generated = SelfSigned.generate();
        return writePem(dir, generated.certificate(), generated.key());
    }

    static Pem writePem(Path dir, X509Certificate certificate, PrivateKey key) throws IOException {
        Path cert = Files.writeString(dir.resolve("cert.pem"), Certificates.toPem(certificate));
        Path keyFile = Files.writeString(dir.resolve("key.pem"), Certificates.toPem(key));
        return new Pem(cert, keyFile, certificate);
    }

    record Pem(Path cert, Path key, X509Certificate certificate) {}
}
