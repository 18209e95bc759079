package org.meternode.app.provision;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.meternode.app.security.EcKeys;
import org.meternode.app.security.TrustAnchor;

/**
 * What a head-end operator hands to a node so it can reach its server: endpoint, server URI,
 * security mode, the server trust anchor (public key or CA certificates), for PSK the identity, for
 * X.509 the expected server name and optionally the node's signed certificate. Public material only:
 * the node's private key or PSK never travels in a bundle. A Java properties file, base64 DER for
 * keys and certificates:
 *
 * <pre>
 * meternode.bundle=1
 * endpoint=meter-0042
 * server.uri=coaps://head-end.example:5684
 * security.mode=x509
 * server.name=head-end.example
 * server.ca-certificate.1=MIIB...
 * node.certificate=MIIB...
 * </pre>
 */
public record ProvisioningBundle(String endpoint, URI serverUri, String mode, String pskIdentity,
        TrustAnchor serverTrust, String serverName, X509Certificate nodeCertificate) {
    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Printable ASCII only: the identity goes into the DTLS handshake and into meternode.yaml. */
    private static final Pattern IDENTITY = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");

    public ProvisioningBundle {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(mode, "mode");
        switch (mode) {
            case "psk" -> require(IDENTITY.matcher(Objects.requireNonNull(pskIdentity, "pskIdentity")).matches(),
                    "security.identity: must be 1..128 printable ASCII characters without spaces");
            case "rpk" -> require(serverTrust instanceof TrustAnchor.Key, "rpk needs the server's public key");
            case "x509" -> {
                require(serverTrust instanceof TrustAnchor.Authorities, "x509 needs CA certificates");
                require(SERVER_NAME.matcher(Objects.requireNonNull(serverName, "serverName")).matches(),
                        "server.name: must be a host name (letters, digits, '.', '-')");
            }
            default -> throw new IllegalArgumentException("unknown security mode '" + mode + "'");
        }
    }

    /** Parses bundle text, saying which property is wrong. */
    public static ProvisioningBundle parse(String text) throws BundleException {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new BundleException("not a properties file: " + e.getMessage());
        }
        if (!"1".equals(p.getProperty("meternode.bundle"))) {
            throw new BundleException("meternode.bundle: expected 1 (is this a meternode provisioning bundle?)");
        }
        String endpoint = required(p, "endpoint");
        if (!ENDPOINT.matcher(endpoint).matches()) {
            throw new BundleException("endpoint: must match [A-Za-z0-9._-]{1,64}");
        }
        URI uri;
        try {
            uri = new URI(required(p, "server.uri"));
        } catch (URISyntaxException e) {
            throw new BundleException("server.uri: not a URI (" + e.getReason() + ")");
        }
        if (!"coaps".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new BundleException("server.uri: must be coaps://host:port");
        }
        String mode = required(p, "security.mode");
        if (mode.equals("psk") && !IDENTITY.matcher(required(p, "security.identity")).matches()) {
            throw new BundleException("security.identity: must be 1..128 printable ASCII characters without spaces");
        }
        if (mode.equals("x509") && !SERVER_NAME.matcher(required(p, "server.name")).matches()) {
            throw new BundleException("server.name: must be a host name (letters, digits, '.', '-')");
        }
        try {
            return switch (mode) {
                case "psk" -> new ProvisioningBundle(endpoint, uri, mode, required(p, "security.identity"), null, null,
                        null);
                case "rpk" -> new ProvisioningBundle(endpoint, uri, mode, null,
                        new TrustAnchor.Key(EcKeys.publicKey(base64(p, "server.public-key"))), null, null);
                case "x509" -> new ProvisioningBundle(endpoint, uri, mode, null,
                        new TrustAnchor.Authorities(caCertificates(p)), required(p, "server.name"),
                        p.getProperty("node.certificate") == null ? null
                                : certificate(base64(p, "node.certificate"), "node.certificate"));
                default -> throw new BundleException("security.mode: must be psk, rpk or x509 (was '" + shown(mode) + "')");
            };
        } catch (GeneralSecurityException e) {
            throw new BundleException("server.public-key: not a P-256 public key (its DER does not decode as one)");
        }
    }

    /** The bundle as properties text. */
    public String format() {
        StringBuilder out = new StringBuilder("# meternode provisioning bundle: public material only, no secrets\n")
                .append("meternode.bundle=1\n")
                .append("endpoint=").append(endpoint).append('\n')
                .append("server.uri=").append(serverUri).append('\n')
                .append("security.mode=").append(mode).append('\n');
        switch (serverTrust) {
            case null -> out.append("security.identity=").append(pskIdentity).append('\n');
            case TrustAnchor.Key k -> out.append("server.public-key=").append(b64(k.encoded())).append('\n');
            case TrustAnchor.Authorities a -> {
                out.append("server.name=").append(serverName).append('\n');
                for (int i = 0; i < a.certificates().size(); i++) {
                    out.append("server.ca-certificate.").append(i + 1).append('=')
                            .append(b64(encoded(a.certificates().get(i)))).append('\n');
                }
                if (nodeCertificate != null) {
                    out.append("node.certificate=").append(b64(encoded(nodeCertificate))).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static List<X509Certificate> caCertificates(Properties p) throws BundleException {
        List<X509Certificate> cas = new ArrayList<>();
        for (int i = 1; p.getProperty("server.ca-certificate." + i) != null; i++) {
            String key = "server.ca-certificate." + i;
            cas.add(certificate(base64(p, key), key));
        }
        if (cas.isEmpty()) {
            throw new BundleException("server.ca-certificate.1: required with security.mode x509");
        }
        return cas;
    }

    private static X509Certificate certificate(byte[] der, String key) throws BundleException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new BundleException(key + ": not an X.509 certificate");
        }
    }

    private static byte[] base64(Properties p, String key) throws BundleException {
        try {
            return Base64.getDecoder().decode(required(p, key).replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new BundleException(key + ": not base64");
        }
    }

    private static String required(Properties p, String key) throws BundleException {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new BundleException(key + ": required");
        }
        return v.strip();
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] der) {
        return Base64.getEncoder().encodeToString(der);
    }

    /** A value for a message: one line, control characters escaped, at most 40 characters. */
    private static String shown(String value) {
        StringBuilder s = new StringBuilder();
        value.codePoints().limit(40).forEach(c -> s.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", c)
                : new String(Character.toChars(c))));
        return value.codePointCount(0, value.length()) > 40 ? s + "..." : s.toString();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A bundle that cannot be used; the message names the property. */
    public static final class BundleException extends Exception {
        private static final long serialVersionUID = 1L;

        public BundleException(String message) {
            super(message);
        }
    }
}
