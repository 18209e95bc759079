package org.meternode.app.lwm2m.security;

import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.elements.util.CertPathUtil;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertLevel;
import org.eclipse.californium.scandium.dtls.CertificateMessage;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.CertificateVerificationResult;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.x509.NewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.util.ServerNames;
import org.meternode.app.security.NodeCredentials;
import org.meternode.app.security.TrustAnchor;

/**
 * How the node recognises its server: the pinned public key (rpk) or the CA certificates plus the
 * expected DNS name (x509). The server is always verified; there is no "trust all". A next anchor
 * announced by the server itself (key rotation) is trusted beside the current one until the first
 * handshake that proves it, then it replaces the current one.
 */
public final class ServerTrust {
    private final String mode;
    private final String serverName;
    private volatile TrustAnchor current;
    private volatile TrustAnchor announced;
    private final Consumer<TrustAnchor> onPromoted;

    private ServerTrust(String mode, TrustAnchor current, String serverName, Consumer<TrustAnchor> onPromoted) {
        this.mode = mode;
        this.current = Objects.requireNonNull(current, "current");
        this.serverName = serverName;
        this.onPromoted = onPromoted;
    }

    /**
     * Trust for certificate-based credentials; null for PSK (the key itself authenticates).
     *
     * @param override an anchor that replaces the configured one (rotated earlier), or null
     */
    public static ServerTrust of(NodeCredentials credentials, TrustAnchor override, Consumer<TrustAnchor> onPromoted) {
        TrustAnchor configured = configAnchor(credentials);
        if (configured == null) {
            return null;
        }
        String serverName = credentials instanceof NodeCredentials.X509 x509 ? x509.serverName() : null;
        return new ServerTrust(credentials.mode(), override != null ? override : configured, serverName, onPromoted);
    }

    /** The trust anchor the config names; null for PSK. */
    public static TrustAnchor configAnchor(NodeCredentials credentials) {
        return switch (credentials) {
            case NodeCredentials.Psk psk -> null;
            case NodeCredentials.Rpk rpk -> new TrustAnchor.Key(rpk.serverPublicKey());
            case NodeCredentials.X509 x509 -> new TrustAnchor.Authorities(x509.trustedCas());
        };
    }

    public TrustAnchor current() {
        return current;
    }

    /** Trusts {@code next} beside the current anchor until a handshake proves it (rotation). */
    public void announce(TrustAnchor next) {
        if (!next.mode().equals(mode)) {
            throw new IllegalArgumentException("a " + next.mode() + " trust anchor cannot replace a " + mode + " one");
        }
        announced = next;
    }

    public TrustAnchor announced() {
        return announced;
    }

    /** The Scandium verifier checking the server against this trust, for the DTLS config. */
    public NewAdvancedCertificateVerifier verifier() {
        return new Verifier();
    }

    private final class Verifier implements NewAdvancedCertificateVerifier {
        @Override
        public List<CertificateType> getSupportedCertificateTypes() {
            return List.of(mode.equals("rpk") ? CertificateType.RAW_PUBLIC_KEY : CertificateType.X_509);
        }

        @Override
        public CertificateVerificationResult verifyCertificate(ConnectionId cid, ServerNames serverNames,
                InetSocketAddress remotePeer, boolean clientUsage, boolean verifySubject,
                boolean truncateCertificatePath, CertificateMessage message) {
            TrustAnchor next = announced;
            CertificateVerificationResult result = check(current, cid, message);
            if (result.getException() != null && next != null) {
                CertificateVerificationResult withNext = check(next, cid, message);
                if (withNext.getException() == null) {
                    current = next;
                    announced = null;
                    if (onPromoted != null) {
                        onPromoted.accept(next);
                    }
                    return withNext;
                }
            }
            return result;
        }

        private CertificateVerificationResult check(TrustAnchor anchor, ConnectionId cid, CertificateMessage message) {
            return switch (anchor) {
                case TrustAnchor.Key key -> checkKey(key.publicKey(), cid, message);
                case TrustAnchor.Authorities cas -> checkChain(cas.certificates(), cid, message);
            };
        }

        private CertificateVerificationResult checkKey(PublicKey pinned, ConnectionId cid, CertificateMessage message) {
            if (message.getCertificateChain() != null) {
                return fail(cid, "the server sent a certificate; this node pins a raw public key",
                        AlertDescription.UNSUPPORTED_CERTIFICATE);
            }
            PublicKey offered = message.getPublicKey();
            if (offered == null || !offered.equals(pinned)) {
                return fail(cid, "the server's public key " + (offered == null ? "(none)" : TrustAnchor.shortId(offered))
                        + " is not the pinned key " + TrustAnchor.shortId(pinned), AlertDescription.BAD_CERTIFICATE);
            }
            return new CertificateVerificationResult(cid, offered, null);
        }

        private CertificateVerificationResult checkChain(List<X509Certificate> cas, ConnectionId cid,
                CertificateMessage message) {
            if (message.getCertificateChain() == null || message.isEmpty()) {
                return fail(cid, "the server sent no certificate", AlertDescription.BAD_CERTIFICATE);
            }
            Certificate leaf = message.getCertificateChain().getCertificates().get(0);
            if (leaf instanceof X509Certificate x509 && !CertPathUtil.matchDestination(x509, serverName)) {
                return fail(cid, "the server's certificate (" + subject(x509) + ") is not for '" + serverName
                        + "' (server-name)", AlertDescription.BAD_CERTIFICATE);
            }
            CertificateVerificationResult r = StaticNewAdvancedCertificateVerifier.builder()
                    .setTrustedCertificates(cas.toArray(Certificate[]::new)).build()
                    .verifyCertificate(cid, null, null, false, false, false, message);
            if (r.getException() != null) {
                String why = r.getException().getMessage().contains("expired") ? "has expired"
                        : "does not chain to a trusted CA (ca-file)";
                return fail(cid, "the server's certificate " + (leaf instanceof X509Certificate x
                        ? "(" + subject(x) + ") " : "") + why, r.getException().getAlert().getDescription());
            }
            return r;
        }

        @Override
        public List<X500Principal> getAcceptedIssuers() {
            List<X500Principal> issuers = new ArrayList<>();
            if (current instanceof TrustAnchor.Authorities cas) {
                cas.certificates().forEach(c -> issuers.add(c.getSubjectX500Principal()));
            }
            return issuers;
        }

        @Override
        public void setResultHandler(HandshakeResultHandler resultHandler) {
            // verification is synchronous
        }
    }

    private static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }

    private static CertificateVerificationResult fail(ConnectionId cid, String message, AlertDescription alert) {
        return new CertificateVerificationResult(cid,
                new HandshakeException(message, new AlertMessage(AlertLevel.FATAL, alert)), null);
    }
}
