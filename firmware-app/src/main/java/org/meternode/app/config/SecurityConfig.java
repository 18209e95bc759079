package org.meternode.app.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.meternode.app.security.EcKeys;
import org.meternode.app.security.KeyFiles;
import org.meternode.app.security.NodeCredentials;
import org.meternode.app.security.Pem;

/**
 * DTLS credentials for the server, in one of three modes: {@code psk} (identity and key),
 * {@code rpk} (the node's P-256 key pair and the server's pinned public key) or {@code x509} (the
 * node's key and certificate, the CA certificates the server's chain must lead to and the name the
 * server certificate must carry). Key material is read only when the DTLS layer needs it
 * ({@link #credentials()}), and no method of this type ever prints it.
 *
 * @param mode                {@code psk}, {@code rpk} or {@code x509}
 * @param identity            (psk) PSK identity sent in the handshake
 * @param keyFile             (psk) file holding the key as hex text; null when {@code keyHex} is set
 * @param keyHex              (psk) the key inline as hex (tests and demos); null when {@code keyFile} is set
 * @param privateKeyFile      (rpk, x509) the node's private key, PKCS#8 PEM, mode 0600
 * @param certificateFile     (x509) the node's certificate, PEM, leaf first
 * @param serverPublicKeyFile (rpk) the server's public key, PEM
 * @param caFile              (x509) CA certificate(s), PEM, that the server's certificate must chain to
 * @param serverName          (x509) DNS name the server certificate must carry (also sent as SNI)
 */
public record SecurityConfig(String mode, String identity, Path keyFile, String keyHex, Path privateKeyFile,
        Path certificateFile, Path serverPublicKeyFile, Path caFile, String serverName) {
    static final String KEY_FILE = "server.security.key-file";
    static final String KEY_HEX = "server.security.key-hex";
    static final String PRIVATE_KEY_FILE = "server.security.private-key-file";
    static final String CERTIFICATE_FILE = "server.security.certificate-file";
    static final String SERVER_PUBLIC_KEY_FILE = "server.security.server-public-key-file";
    static final String CA_FILE = "server.security.ca-file";
    static final String SERVER_NAME = "server.security.server-name";
    /** Security mode words. */
    public static final String PSK = "psk";
    public static final String RPK = "rpk";
    public static final String X509 = "x509";

    private static final long MAX_KEY_FILE_BYTES = 4096;
    private static final long MAX_PEM_FILE_BYTES = 64 * 1024;

    public SecurityConfig {
        Objects.requireNonNull(mode, "mode");
        switch (mode) {
            case PSK -> {
                Objects.requireNonNull(identity, "identity");
                if ((keyFile == null) == (keyHex == null)) {
                    throw new IllegalArgumentException("give exactly one of keyFile and keyHex");
                }
            }
            case RPK -> {
                Objects.requireNonNull(privateKeyFile, "privateKeyFile");
                Objects.requireNonNull(serverPublicKeyFile, "serverPublicKeyFile");
            }
            case X509 -> {
                Objects.requireNonNull(privateKeyFile, "privateKeyFile");
                Objects.requireNonNull(certificateFile, "certificateFile");
                Objects.requireNonNull(caFile, "caFile");
                Objects.requireNonNull(serverName, "serverName");
            }
            default -> throw new IllegalArgumentException("unknown security mode '" + mode + "'");
        }
    }

    /** PSK settings. */
    public SecurityConfig(String mode, String identity, Path keyFile, String keyHex) {
        this(mode, identity, keyFile, keyHex, null, null, null, null, null);
    }

    /** Raw public key settings. */
    public static SecurityConfig rpk(Path privateKeyFile, Path serverPublicKeyFile) {
        return new SecurityConfig(RPK, null, null, null, privateKeyFile, null, serverPublicKeyFile, null, null);
    }

    /** X.509 settings. */
    public static SecurityConfig x509(Path privateKeyFile, Path certificateFile, Path caFile, String serverName) {
        return new SecurityConfig(X509, null, null, null, privateKeyFile, certificateFile, null, caFile, serverName);
    }

    /**
     * Reads and checks the key material now.
     *
     * @throws ConfigException naming the key and the file (never a key's content) when a file is
     *                         missing, readable by others, unreadable or not what it should be
     */
    public NodeCredentials credentials() throws ConfigException {
        return switch (mode) {
            case PSK -> new NodeCredentials.Psk(identity, pskKey());
            case RPK -> new NodeCredentials.Rpk(keyPair(), serverPublicKey());
            default -> x509Credentials();
        };
    }

    /**
     * The pre-shared key bytes, from {@code keyHex} or read from {@code keyFile} now.
     *
     * @throws ConfigException naming the key and the file (never the key's content) when the file
     *                         is missing, unreadable, readable by others or not hex text
     */
    public byte[] pskKey() throws ConfigException {
        if (keyHex != null) {
            return decodeOrThrow(keyHex, "(inline)", KEY_HEX);
        }
        String source = keyFile.toString();
        byte[] content = readFile(keyFile, KEY_FILE, "PSK file", MAX_KEY_FILE_BYTES, true);
        return decodeOrThrow(new String(content, StandardCharsets.US_ASCII), source, KEY_FILE);
    }

    /** Never shows a key, only where it comes from. */
    @Override
    public String toString() {
        return switch (mode) {
            case PSK -> "SecurityConfig[mode=psk, identity=" + identity + ", "
                    + (keyFile != null ? "keyFile=" + keyFile : "keyHex=(hidden)") + "]";
            case RPK -> "SecurityConfig[mode=rpk, privateKeyFile=" + privateKeyFile + ", serverPublicKeyFile="
                    + serverPublicKeyFile + "]";
            default -> "SecurityConfig[mode=x509, privateKeyFile=" + privateKeyFile + ", certificateFile="
                    + certificateFile + ", caFile=" + caFile + ", serverName=" + serverName + "]";
        };
    }

    /** The secret files this config names (they must be mode 0600). */
    List<Path> secretFiles() {
        List<Path> files = new ArrayList<>();
        if (keyFile != null) {
            files.add(keyFile);
        }
        if (privateKeyFile != null) {
            files.add(privateKeyFile);
        }
        return files;
    }

    /** What is wrong with hex key text, or null when it is a usable key; never quotes the text. */
    static String hexProblem(String text) {
        String hex = stripSpace(text);
        if (hex.isEmpty()) {
            return "the PSK is empty";
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return "the PSK must be hex digits 0-9 a-f (character " + (i + 1) + " is not)";
            }
        }
        if (hex.length() % 2 != 0) {
            return "the PSK must have an even number of hex digits (has " + hex.length() + ")";
        }
        return null;
    }

    private KeyPair keyPair() throws ConfigException {
        byte[] der = onePemBlock(privateKeyFile, PRIVATE_KEY_FILE, Pem.PRIVATE_KEY, "private key", true);
        try {
            return EcKeys.keyPair(der);
        } catch (GeneralSecurityException e) {
            throw fail(privateKeyFile.toString(), PRIVATE_KEY_FILE, "unusable private key: " + e.getMessage());
        }
    }

    private PrivateKey privateKeyOnly() throws ConfigException {
        byte[] der = onePemBlock(privateKeyFile, PRIVATE_KEY_FILE, Pem.PRIVATE_KEY, "private key", true);
        try {
            return EcKeys.privateKey(der);
        } catch (GeneralSecurityException e) {
            throw fail(privateKeyFile.toString(), PRIVATE_KEY_FILE, "unusable private key: " + e.getMessage());
        }
    }

    private PublicKey serverPublicKey() throws ConfigException {
        String text = new String(readFile(serverPublicKeyFile, SERVER_PUBLIC_KEY_FILE, "server public key file",
                MAX_PEM_FILE_BYTES, false), StandardCharsets.US_ASCII);
        try {
            List<byte[]> keys = Pem.all(text, Pem.PUBLIC_KEY);
            if (keys.size() == 1) {
                return EcKeys.publicKey(keys.get(0));
            }
            List<X509Certificate> certs = certificates(text);
            if (keys.isEmpty() && certs.size() == 1) {
                return certs.get(0).getPublicKey();
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw fail(serverPublicKeyFile.toString(), SERVER_PUBLIC_KEY_FILE, "unusable public key: " + e.getMessage());
        }
        throw fail(serverPublicKeyFile.toString(), SERVER_PUBLIC_KEY_FILE,
                "expected exactly one PEM 'PUBLIC KEY' block (the server's P-256 key)");
    }

    private NodeCredentials x509Credentials() throws ConfigException {
        PrivateKey key = privateKeyOnly();
        List<X509Certificate> chain = certificateFile(certificateFile, CERTIFICATE_FILE, "certificate file");
        try {
            EcKeys.requireMatching(new KeyPair(chain.get(0).getPublicKey(), key));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw fail(certificateFile.toString(), CERTIFICATE_FILE,
                    "the first certificate is not for the key in " + privateKeyFile);
        }
        List<X509Certificate> cas = certificateFile(caFile, CA_FILE, "CA file");
        return new NodeCredentials.X509(key, chain, cas, serverName);
    }

    private static List<X509Certificate> certificateFile(Path file, String key, String what) throws ConfigException {
        String text = new String(readFile(file, key, what, MAX_PEM_FILE_BYTES, false), StandardCharsets.US_ASCII);
        List<X509Certificate> certs;
        try {
            certs = certificates(text);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw fail(file.toString(), key, "unreadable certificate: " + e.getMessage());
        }
        if (certs.isEmpty()) {
            throw fail(file.toString(), key, "holds no PEM 'CERTIFICATE' block");
        }
        return certs;
    }

    private static List<X509Certificate> certificates(String text) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certs = new ArrayList<>();
        for (byte[] der : Pem.all(text, Pem.CERTIFICATE)) {
            certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        return certs;
    }

    private static byte[] onePemBlock(Path file, String key, String type, String what, boolean secret)
            throws ConfigException {
        String text = new String(readFile(file, key, what + " file", MAX_PEM_FILE_BYTES, secret),
                StandardCharsets.US_ASCII);
        List<byte[]> blocks;
        try {
            blocks = Pem.all(text, type);
        } catch (IllegalArgumentException e) {
            throw fail(file.toString(), key, e.getMessage());
        }
        if (blocks.size() != 1) {
            throw fail(file.toString(), key, "expected exactly one PEM '" + type + "' block (PKCS#8), found "
                    + blocks.size());
        }
        return blocks.get(0);
    }

    /** Reads a whole small file; for secrets, first refuses one that group or others may read. */
    private static byte[] readFile(Path file, String key, String what, long maxBytes, boolean secret)
            throws ConfigException {
        String source = file.toString();
        try {
            if (secret) {
                String problem = KeyFiles.permissionProblem(file);
                if (problem != null) {
                    throw fail(source, key, "the " + what + " " + problem);
                }
            }
            if (Files.size(file) > maxBytes) {
                throw fail(source, key, "the " + what + " is larger than " + maxBytes + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw fail(source, key, "the " + what + " does not exist");
        } catch (IOException e) {
            throw fail(source, key, "cannot read the " + what + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] decodeOrThrow(String text, String source, String key) throws ConfigException {
        String problem = hexProblem(text);
        if (problem != null) {
            throw fail(source, key, problem);
        }
        return HexFormat.of().parseHex(stripSpace(text));
    }

    private static String stripSpace(String text) {
        return text.replaceAll("\\s+", "");
    }

    private static ConfigException fail(String source, String key, String message) {
        return new ConfigException(new ConfigProblem(source, 0, 0, key, message));
    }
}
