package dev.switchboard.server.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** PEM files written from a generated key and certificate, for servers configured from files. */
final class TestTls {
    private TestTls() {}

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
