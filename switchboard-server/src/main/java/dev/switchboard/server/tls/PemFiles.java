package dev.switchboard.server.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a PEM certificate chain and a PEM private key with the JDK alone, so every way they can be
 * wrong becomes one clear {@link TlsConfigException} instead of a parser's stack trace.
 *
 * <p>Keys must be unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}), which is what the JDK reads
 * without extra libraries. A PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE
 * KEY}) key, or an encrypted one, is refused with the {@code openssl} command that converts it.
 */
final class PemFiles {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final String CONVERT = "openssl pkcs8 -topk8 -nocrypt -in %s -out key-pkcs8.pem";

    /** A key and the chain it belongs to, leaf first. */
    record KeyAndChain(PrivateKey key, List<X509Certificate> chain) {
        X509Certificate leaf() {
            return chain.get(0);
        }
    }

    private PemFiles() {}

    static KeyAndChain read(Path certFile, Path keyFile) {
        List<X509Certificate> chain = readChain(certFile);
        PrivateKey key = readKey(keyFile);
        checkPair(key, chain.get(0), certFile, keyFile);
        return new KeyAndChain(key, chain);
    }

    static List<X509Certificate> readChain(Path file) {
        String text = readText(file, "certificate");
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new TlsConfigException("TLS certificate " + file + " has no PEM certificate"
                    + " (expected a -----BEGIN CERTIFICATE----- block)");
        }
        try {
            Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : parsed) {
                chain.add((X509Certificate) c);
            }
            if (chain.isEmpty()) {
                throw new TlsConfigException("TLS certificate " + file + " has no readable certificate");
            }
            return List.copyOf(chain);
        } catch (CertificateException e) {
            throw new TlsConfigException("TLS certificate " + file + " is not a valid PEM certificate: " + e.getMessage(), e);
        }
    }

    static PrivateKey readKey(Path file) {
        String text = readText(file, "key");
        Matcher block = BLOCK.matcher(text);
        while (block.find()) {
            String type = block.group(1);
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(file, Base64.getMimeDecoder().decode(block.group(2)));
                case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY":
                    throw new TlsConfigException("TLS key " + file + " is a " + type + " (PKCS#1/SEC1);"
                            + " convert it to PKCS#8 with: " + CONVERT.formatted(file));
                case "ENCRYPTED PRIVATE KEY":
                    throw new TlsConfigException("TLS key " + file + " is encrypted; write an unencrypted"
                            + " PKCS#8 copy (keep it private) with: " + CONVERT.formatted(file));
                default:
                    // a certificate or parameters block before the key: keep looking
            }
        }
        throw new TlsConfigException("TLS key " + file + " has no PEM private key"
                + " (expected a -----BEGIN PRIVATE KEY----- block)");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new TlsConfigException("TLS key " + file + " is not an RSA, EC or EdDSA PKCS#8 key the JDK can read");
    }

    /** A key that does not belong to the certificate would only fail at each client's handshake. */
    private static void checkPair(PrivateKey key, X509Certificate leaf, Path certFile, Path keyFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        PublicKey publicKey = leaf.getPublicKey();
        boolean matches;
        try {
            byte[] probe = "switchboard key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false; // e.g. an EC key against an RSA certificate
        }
        if (!matches) {
            throw new TlsConfigException("TLS key " + keyFile + " does not belong to the certificate in " + certFile);
        }
    }

    private static String readText(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsConfigException("TLS " + what + " file not found: " + file);
        } catch (IOException e) {
            throw new TlsConfigException("cannot read TLS " + what + " file " + file + ": " + e, e);
        }
    }
}
