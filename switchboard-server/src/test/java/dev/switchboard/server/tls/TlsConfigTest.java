package dev.switchboard.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building TLS settings: what works, and the one-line reason for each way a file can be wrong. */
class TlsConfigTest {

    @TempDir
    Path dir;

    @Test
    void aSelfSignedCertificateNamesLocalhostAndTheLoopbackAddresses() throws Exception {
        TlsConfig tls = TlsConfig.selfSigned();

        X509Certificate cert = tls.certificate();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        assertThat(names.stream().map(n -> String.valueOf(n.get(1))).collect(Collectors.toList()))
                .contains("localhost", "127.0.0.1")
                .anyMatch(n -> n.equals("0:0:0:0:0:0:0:1") || n.equals("::1"));
        assertThat(tls.isSelfSigned()).isTrue();
        assertThat(tls.sha256Fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(tls.describe())
                .isEqualTo("self-signed certificate for localhost, SHA-256 fingerprint " + tls.sha256Fingerprint());
        assertThat(tls.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
    }

    @Test
    void offersOnlyTls13And12AndTimesOutHandshakesAfterTenSeconds() {
        TlsConfig tls = TlsConfig.selfSigned();

        SslHandler handler = tls.newHandler(ByteBufAllocator.DEFAULT);

        assertThat(handler.engine().getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(handler.getHandshakeTimeoutMillis()).isEqualTo(10_000);
    }

    @Test
    void pemFilesWithAPkcs8KeyAreAccepted() throws IOException {
        TestTls.Pem pem = TestTls.writePem(dir);

        TlsConfig tls = TlsConfig.pem(pem.cert(), pem.key());

        assertThat(tls.certificate()).isEqualTo(pem.certificate());
        assertThat(tls.isSelfSigned()).isFalse();
        assertThat(tls.describe()).startsWith("certificate for localhost from " + pem.cert() + ", SHA-256 fingerprint ");
    }

    @Test
    void aMissingCertificateFileIsNamed() {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> TlsConfig.pem(missing, dir.resolve("key.pem")))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("TLS certificate file not found: " + missing);
    }

    @Test
    void aMissingKeyFileIsNamed() throws IOException {
        TestTls.Pem pem = TestTls.writePem(dir);
        Path missing = dir.resolve("nokey.pem");

        assertThatThrownBy(() -> TlsConfig.pem(pem.cert(), missing))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("TLS key file not found: " + missing);
    }

    @Test
    void aPkcs1RsaKeyIsRefusedWithTheCommandThatConvertsIt() throws IOException {
        TestTls.Pem pem = TestTls.writePem(dir);
        Path rsa = Files.writeString(dir.resolve("rsa.pem"),
                "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----\n");

        assertThatThrownBy(() -> TlsConfig.pem(pem.cert(), rsa))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining("RSA PRIVATE KEY")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + rsa);
    }

    @Test
    void anEcKeyInSec1FormIsRefusedWithTheSameAdvice() throws IOException {
        TestTls.Pem pem = TestTls.writePem(dir);
        Path ec = Files.writeString(dir.resolve("ec.pem"),
                "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                        + "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBfake\n-----END EC PRIVATE KEY-----\n");

        assertThatThrownBy(() -> TlsConfig.pem(pem.cert(), ec))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining("EC PRIVATE KEY")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void aKeyFromAnotherPairIsRefused() throws IOException {
        TestTls.Pem pem = TestTls.writePem(dir);
        Path other = Files.createDirectory(dir.resolve("other"));
        TestTls.Pem otherPem = TestTls.writePem(other);

        assertThatThrownBy(() -> TlsConfig.pem(pem.cert(), otherPem.key()))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("TLS key " + otherPem.key() + " does not belong to the certificate in " + pem.cert());
    }

    @Test
    void filesSwappedOrWithoutPemBlocksAreNamed() throws IOException {
        TestTls.Pem pem = TestTls.writePem(dir);

        assertThatThrownBy(() -> TlsConfig.pem(pem.key(), pem.cert()))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining("has no PEM certificate");
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a key");
        assertThatThrownBy(() -> TlsConfig.pem(pem.cert(), text))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining("has no PEM private key");
    }
}
