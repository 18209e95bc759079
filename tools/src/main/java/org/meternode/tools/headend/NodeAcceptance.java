package org.meternode.tools.headend;

import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.x500.X500Principal;
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
import java.util.Collection;
import org.eclipse.leshan.core.peer.OscoreIdentity;
import org.eclipse.leshan.server.security.EditableSecurityStore;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.NonUniqueSecurityInfoException;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.leshan.server.security.SecurityStoreListener;
import org.meternode.app.security.TrustAnchor;

/**
 * Which nodes the head-end lets in. PSK and RPK nodes are listed one by one; with node CAs, any
 * node presenting a certificate those CAs signed is let through the handshake and may register
 * only under the endpoint named by its certificate's CN (Leshan checks CN = endpoint). The DTLS
 * handshake itself already refuses unknown raw public keys and certificates of unknown CAs, so a
 * stranger never reaches the LwM2M layer. The listed entries live in {@code entries} (in memory,
 * or shared through Redis); CA acceptance is configuration and stays local to each instance.
 */
final class NodeAcceptance implements EditableSecurityStore {
    private final List<X509Certificate> nodeCas;
    private final EditableSecurityStore entries;

    NodeAcceptance(List<X509Certificate> nodeCas) {
        this(nodeCas, new InMemorySecurityStore());
    }

    NodeAcceptance(List<X509Certificate> nodeCas, EditableSecurityStore entries) {
        this.nodeCas = List.copyOf(nodeCas);
        this.entries = entries;
    }

    /** Listed nodes as listed; any other endpoint may use an X.509 certificate when CAs are trusted. */
    @Override
    public SecurityInfo getByEndpoint(String endpoint) {
        SecurityInfo info = entries.getByEndpoint(endpoint);
        return info == null && !nodeCas.isEmpty() ? SecurityInfo.newX509CertInfo(endpoint) : info;
    }

    /** PSK lookups of the DTLS handshake (Leshan's PSK store asks here). */
    @Override
    public SecurityInfo getByIdentity(String pskIdentity) {
        return entries.getByIdentity(pskIdentity);
    }

    @Override
    public SecurityInfo getByOscoreIdentity(OscoreIdentity identity) {
        return entries.getByOscoreIdentity(identity);
    }

    @Override
    public Collection<SecurityInfo> getAll() {
        return entries.getAll();
    }

    @Override
    public SecurityInfo add(SecurityInfo info) throws NonUniqueSecurityInfoException {
        return entries.add(info);
    }

    /** Adds an entry from the configuration (with Redis: written again if Redis lost it). */
    void addConfigured(SecurityInfo info) throws NonUniqueSecurityInfoException {
        if (entries instanceof SharedSecurityStore shared) {
            shared.addConfigured(info);
        } else {
            entries.add(info);
        }
    }

    @Override
    public SecurityInfo remove(String endpoint, boolean infosAreCompromised) {
        return entries.remove(endpoint, infosAreCompromised);
    }

    @Override
    public void addListener(SecurityStoreListener listener) {
        entries.addListener(listener);
    }

    @Override
    public void removeListener(SecurityStoreListener listener) {
        entries.removeListener(listener);
    }

    NewAdvancedCertificateVerifier verifier() {
        return new Verifier();
    }

    private boolean isListedKey(PublicKey key) {
        return getAll().stream().anyMatch(i -> i.useRPK() && i.getRawPublicKey().equals(key));
    }

    private final class Verifier implements NewAdvancedCertificateVerifier {
        @Override
        public List<CertificateType> getSupportedCertificateTypes() {
            return nodeCas.isEmpty() ? List.of(CertificateType.RAW_PUBLIC_KEY)
                    : List.of(CertificateType.X_509, CertificateType.RAW_PUBLIC_KEY);
        }

        @Override
        public CertificateVerificationResult verifyCertificate(ConnectionId cid, ServerNames serverNames,
                InetSocketAddress remotePeer, boolean clientUsage, boolean verifySubject,
                boolean truncateCertificatePath, CertificateMessage message) {
            if (message.getCertificateChain() == null) {
                PublicKey key = message.getPublicKey();
                if (key == null || !isListedKey(key)) {
                    return fail(cid, "node public key " + (key == null ? "(none)" : TrustAnchor.shortId(key))
                            + " is not listed (--rpk / --rpk-file)", AlertDescription.BAD_CERTIFICATE);
                }
                return new CertificateVerificationResult(cid, key, null);
            }
            if (nodeCas.isEmpty()) {
                return fail(cid, "node certificates are not accepted here (no --node-ca)",
                        AlertDescription.UNSUPPORTED_CERTIFICATE);
            }
            String subject = message.isEmpty() ? "(none)"
                    : ((X509Certificate) message.getCertificateChain().getCertificates().get(0))
                            .getSubjectX500Principal().getName();
            CertificateVerificationResult r = StaticNewAdvancedCertificateVerifier.builder()
                    .setTrustedCertificates(nodeCas.toArray(Certificate[]::new)).build()
                    .verifyCertificate(cid, null, null, true, false, false, message);
            if (r.getException() != null) {
                boolean expired = r.getException().getMessage().contains("expired");
                return fail(cid, "node certificate " + subject + (expired ? " has expired"
                        : " is not signed by a trusted node CA (" + r.getException().getMessage() + ")"),
                        r.getException().getAlert().getDescription());
            }
            return r;
        }

        /**
         * Empty: a node then always sends its certificate, and one from an unknown CA is refused
         * here with a message naming it, instead of the node sending none.
         */
        @Override
        public List<X500Principal> getAcceptedIssuers() {
            return List.of();
        }

        @Override
        public void setResultHandler(HandshakeResultHandler resultHandler) {
            // synchronous
        }
    }

    private static CertificateVerificationResult fail(ConnectionId cid, String message, AlertDescription alert) {
        return new CertificateVerificationResult(cid,
                new HandshakeException(message, new AlertMessage(AlertLevel.FATAL, alert)), null);
    }
}
