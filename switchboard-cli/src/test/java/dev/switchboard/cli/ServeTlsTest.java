package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.tls.TlsConfig;
import dev.switchboard.testsupport.http.Https;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code switchboard serve} with TLS: the options, their errors, and the demo over https. */
class ServeTlsTest {
    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int serve(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 3];
        all[0] = "serve";
        all[1] = "--port";
        all[2] = "0";
        System.arraycopy(args, 0, all, 3, args.length);
        return cli.execute(all);
    }

    @Test
    void aMissingCertificateFileIsOneClearLineAndExitCodeOne() {
        Path missing = dir.resolve("missing.pem");

        int exit = serve("--tls-cert", missing.toString(), "--tls-key", dir.resolve("x").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("TLS certificate file not found: " + missing + NL);
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheOpensslCommandThatConvertsIt() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), TlsConfig.selfSigned().certificatePem());
        Path key = Files.writeString(dir.resolve("key.pem"),
                "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLI\n-----END RSA PRIVATE KEY-----\n");

        int exit = serve("--tls-cert", cert.toString(), "--tls-key", key.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("openssl pkcs8 -topk8 -nocrypt -in " + key).endsWith(NL)
                .doesNotContain("\tat ").hasLineCount(1);
    }

    @Test
    void selfSignedTogetherWithACertificateIsAUsageError() {
        int exit = serve("--tls-self-signed", "--tls-cert", "cert.pem", "--tls-key", "key.pem");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("--tls-self-signed cannot be combined with --tls-cert/--tls-key; choose one" + NL);
    }

    @Test
    void aCertificateWithoutItsKeyIsAUsageError() {
        int exit = serve("--tls-cert", "cert.pem");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("--tls-cert needs --tls-key");
    }

    @Test
    void theBannerNamesHttpsAndWssAndTheCertificateFingerprint() {
        TlsConfig tls = TlsConfig.selfSigned();

        String banner = ServeCommand.addresses("127.0.0.1", 4443, tls);

        assertThat(banner).isEqualTo("Switchboard listening on https://127.0.0.1:4443  (demo chat: https://127.0.0.1:4443/ ,"
                + " socket: wss://127.0.0.1:4443/socket/websocket, long-poll: https://127.0.0.1:4443/socket/longpoll)" + NL
                + "TLS: self-signed certificate for localhost, SHA-256 fingerprint " + tls.sha256Fingerprint() + NL);
        assertThat(ServeCommand.addresses("127.0.0.1", 4000, null)).startsWith("Switchboard listening on http://127.0.0.1:4000 ")
                .contains("ws://127.0.0.1:4000/socket/websocket").doesNotContain("TLS");
    }

    @Test
    void theDemoChatPageIsServedOverHttpsWithTheSelfSignedCertificate() throws Exception {
        TlsConfig tls = TlsConfig.selfSigned();
        try (SwitchboardServer server = DemoServers.withTls(tls)) {
            HttpClient client = Https.client(tls.certificate());

            HttpResponse<String> page = client.send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).containsIgnoringCase("<html");
        }
    }
}
