package org.meternode.tools.headend;

import java.net.InetSocketAddress;
import java.net.URI;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.DtlsClusterConnector;
import org.eclipse.californium.scandium.config.DtlsClusterConnectorConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerEndpointFactory;
import org.meternode.app.lwm2m.security.DtlsSessionKeeper;
import org.meternode.app.lwm2m.security.HandshakeLog;
import org.meternode.app.lwm2m.security.PersistentDtlsConnector;

/**
 * Leshan's coaps server endpoint with the head-end's identity (raw public key, or certificate
 * chain that can also be presented as a raw key), its own node verifier ({@link NodeAcceptance}),
 * handshake logging, and DTLS sessions kept across clean restarts when a keeper is given.
 */
final class HeadEndCoapsEndpointFactory extends CoapsServerEndpointFactory {
    private final DtlsSessionKeeper keeper;
    private final ClusterMembership cluster;

    HeadEndCoapsEndpointFactory(URI uri, HeadEndIdentity identity, NodeAcceptance acceptance,
            DtlsSessionKeeper keeper, HandshakeLog handshakes) {
        this(uri, identity, acceptance, keeper, handshakes, null);
    }

    /** With {@code cluster}, records carrying another instance's CID are forwarded to it (keeper must be null). */
    HeadEndCoapsEndpointFactory(URI uri, HeadEndIdentity identity, NodeAcceptance acceptance,
            DtlsSessionKeeper keeper, HandshakeLog handshakes, ClusterMembership cluster) {
        super(uri, "head-end", null, dtlsIdentity(identity, acceptance, handshakes), null);
        if (keeper != null && cluster != null) {
            throw new IllegalArgumentException("a clustered head-end cannot also keep DTLS sessions in a file"
                    + " (--dtls-state): after a failover nodes make a new handshake with a live instance");
        }
        this.keeper = keeper;
        this.cluster = cluster;
    }

    /**
     * Sets the handshake log, and the head-end's identity and node verifier (unless PSK only), on a
     * DTLS config.
     */
    static java.util.function.Consumer<DtlsConnectorConfig.Builder> dtlsIdentity(HeadEndIdentity identity,
            NodeAcceptance acceptance, HandshakeLog handshakes) {
        return builder -> {
            builder.setSessionListener(handshakes);
            if (identity != null) {
                SingleCertificateProvider provider = identity.isX509()
                        ? new SingleCertificateProvider(identity.privateKey(),
                                identity.chain().toArray(java.security.cert.Certificate[]::new),
                                CertificateType.X_509, CertificateType.RAW_PUBLIC_KEY)
                        : new SingleCertificateProvider(identity.privateKey(), identity.publicKey());
                builder.setCertificateIdentityProvider(provider);
                builder.setAdvancedCertificateVerifier(acceptance.verifier());
            }
        };
    }

    @Override
    protected Connector createConnector(DtlsConnectorConfig dtlsConfig) {
        if (cluster != null) {
            return new DtlsClusterConnector(dtlsConfig,
                    DtlsClusterConnectorConfig.builder().setAddress(cluster.internal()).build(),
                    new DtlsClusterConnector.ClusterNodesProvider() {
                        @Override
                        public InetSocketAddress getClusterNode(int nodeId) {
                            return cluster.addressOf(nodeId);
                        }

                        @Override
                        public boolean available(InetSocketAddress destinationConnector) {
                            return true;
                        }
                    });
        }
        if (keeper == null) {
            return new DTLSConnector(dtlsConfig);
        }
        PersistentDtlsConnector[] self = new PersistentDtlsConnector[1];
        self[0] = PersistentDtlsConnector.create(dtlsConfig, () -> keeper.stopped(self[0]));
        keeper.attach(self[0]);
        return self[0];
    }
}
