package dev.switchboard.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Generates a development certificate for {@code localhost} (SANs {@code localhost},
 * {@code 127.0.0.1}, {@code ::1}; EC P-256; valid 30 days) with the running JDK's own
 * {@code keytool}, so no crypto code or library is involved. The PKCS#12 keystore lives in a temp
 * directory only as long as it takes to load it.
 */
final class SelfSigned {
    static final String HOST = "localhost";
    private static final String ALIAS = "switchboard";
    private static final String PASSWORD_VARIABLE = "SWITCHBOARD_KEYSTORE_PASS";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    /** What keytool produced, loaded: the key, its certificate and a key store holding both. */
    record Generated(PrivateKey key, X509Certificate certificate, KeyStore keyStore, char[] password) {}

    private SelfSigned() {}

    static Generated generate() {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new TlsConfigException("cannot generate a self-signed certificate: no keytool at " + keytool
                    + " (the running Java is not a full JDK)");
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("switchboard-tls-");
            dir.toFile().deleteOnExit();
            Path store = dir.resolve("self-signed.p12");
            store.toFile().deleteOnExit();
            runKeytool(keytool, store, dir, password);
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, password);
            }
            PrivateKey key = (PrivateKey) keyStore.getKey(ALIAS, password);
            X509Certificate certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
            if (key == null || certificate == null) {
                throw new TlsConfigException("keytool wrote no key named " + ALIAS + " to " + store);
            }
            return new Generated(key, certificate, keyStore, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsConfigException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TlsConfigException("interrupted while generating a self-signed certificate", e);
        } finally {
            deleteTree(dir);
        }
    }

    private static void runKeytool(Path keytool, Path store, Path dir, char[] password)
            throws IOException, InterruptedException {
        List<String> command = List.of(keytool.toString(), "-genkeypair",
                "-alias", ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=" + HOST,
                "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:::1",
                "-validity", "30",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                // from the environment, so the password is not on a command line others can list
                "-storepass:env", PASSWORD_VARIABLE, "-keypass:env", PASSWORD_VARIABLE,
                "-noprompt");
        Path log = dir.resolve("keytool.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put(PASSWORD_VARIABLE, new String(password));
        Process process = builder.start();
        if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            String output = Files.readString(log, StandardCharsets.UTF_8).strip().replace('\n', ' ');
            throw new IOException("keytool exited with " + process.exitValue() + ": " + output);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // deleteOnExit is the fallback
        }
    }
}
