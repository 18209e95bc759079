package org.meternode.app.lwm2m.security;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.List;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.SignatureAndHashAlgorithm;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.XECDHECryptography.SupportedGroup;
import org.eclipse.leshan.client.californium.endpoint.ClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.endpoint.ClientEndpointToolbox;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.eclipse.leshan.core.SecurityMode;
import org.meternode.app.lwm2m.RequestBodyLimit;

/**
 * Leshan's coaps endpoint factory with the node's own DTLS policy: the server is verified by
 * {@link ServerTrust} (pinned key, or CA chain plus name) rather than by Leshan's certificate-usage
 * verifiers, the connector to the LwM2M server keeps its state across restarts
 * ({@link DtlsSessionKeeper}), and every handshake is logged ({@link HandshakeLog}). Connections to
 * a bootstrap server are ordinary and not kept. Every server request's body is bounded by path
 * ({@link RequestBodyLimit}).
 */
public final class NodeCoapsEndpointFactory extends CoapsClientEndpointFactory {
    private final ServerTrust trust;
    private final DtlsSessionKeeper keeper;
    private final HandshakeLog handshakes;
    private final boolean trustIsForBootstrap;
    private final ThreadLocal<ServerInfo> creating = new ThreadLocal<>();

    /**
     * @param trust               how to verify the configured server; null for PSK
     * @param trustIsForBootstrap the configured server is a bootstrap server
     * @param keeper              null to keep no state
     */
    public NodeCoapsEndpointFactory(ServerTrust trust, boolean trustIsForBootstrap, DtlsSessionKeeper keeper,
            HandshakeLog handshakes) {
        super("meternode");
        this.trust = trust;
        this.trustIsForBootstrap = trustIsForBootstrap;
        this.keeper = keeper;
        this.handshakes = handshakes;
    }

    /** Leshan's coaps protocol with this factory in place of its default one. */
    public ClientProtocolProvider protocolProvider() {
        NodeCoapsEndpointFactory factory = this;
        return new CoapsClientProtocolProvider() {
            @Override
            public CaliforniumClientEndpointFactory createDefaultEndpointFactory() {
                return factory;
            }
        };
    }

    @Override
    public CoapEndpoint createCoapEndpoint(InetAddress clientAddress, Configuration defaultConfiguration,
            ServerInfo serverInfo, boolean clientInitiatedOnly, List<Certificate> trustStore,
            ClientEndpointToolbox toolbox) {
        creating.set(serverInfo);
        try {
            CoapEndpoint endpoint = super.createCoapEndpoint(clientAddress, defaultConfiguration, serverInfo,
                    clientInitiatedOnly, trustStore, toolbox);
            endpoint.addInterceptor(new RequestBodyLimit());
            return endpoint;
        } finally {
            creating.remove();
        }
    }

    @Override
    protected DtlsConnectorConfig.Builder createEffectiveDtlsConnectorConfigBuilder(InetSocketAddress addr,
            ServerInfo serverInfo, DtlsConnectorConfig.Builder rootDtlsConfigBuilder, Configuration coapConfig,
            boolean clientInitiatedOnly, List<Certificate> trustStore) {
        DtlsConnectorConfig.Builder builder = super.createEffectiveDtlsConnectorConfigBuilder(addr, serverInfo,
                rootDtlsConfigBuilder, coapConfig, clientInitiatedOnly, trustStore);
        if (builder == null) {
            return null;
        }
        builder.setSessionListener(handshakes);
        boolean certificates = serverInfo.secureMode == SecurityMode.RPK || serverInfo.secureMode == SecurityMode.X509;
        // Exactly the one LwM2M-mandatory CCM_8 suite of the mode: nothing else is ever offered.
        builder.set(DtlsConfig.DTLS_CIPHER_SUITES, List.of(certificates
                ? CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 : CipherSuite.TLS_PSK_WITH_AES_128_CCM_8));
        if (certificates) {
            builder.setAsList(DtlsConfig.DTLS_CURVES, SupportedGroup.secp256r1);
            builder.setAsList(DtlsConfig.DTLS_SIGNATURE_AND_HASH_ALGORITHMS, SignatureAndHashAlgorithm.SHA256_WITH_ECDSA);
        }
        if (certificates && trust != null && serverInfo.bootstrap == trustIsForBootstrap) {
            builder.setAdvancedCertificateVerifier(trust.verifier());
        }
        return builder;
    }

    @Override
    protected Connector createSecuredConnector(DtlsConnectorConfig dtlsConfig) {
        ServerInfo info = creating.get();
        if (keeper == null || info == null || info.bootstrap) {
            return new DTLSConnector(dtlsConfig);
        }
        PersistentDtlsConnector[] self = new PersistentDtlsConnector[1];
        PersistentDtlsConnector connector = PersistentDtlsConnector.create(dtlsConfig, () -> keeper.stopped(self[0]));
        self[0] = connector;
        keeper.attach(connector, () -> fingerprint(info));
        return connector;
    }

    /**
     * What a saved session is bound to: the server, the credentials on both sides (as in the
     * Security object) and, for the configured server, the current trust anchor.
     */
    private String fingerprint(ServerInfo info) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            update(sha, String.valueOf(info.getFullUri()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            update(sha, String.valueOf(info.secureMode).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            update(sha, info.pskId == null ? null : info.pskId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            update(sha, info.pskKey);
            update(sha, info.publicKey == null ? null : info.publicKey.getEncoded());
            update(sha, info.serverPublicKey == null ? null : info.serverPublicKey.getEncoded());
            update(sha, info.clientCertificate == null ? null : info.clientCertificate.getEncoded());
            update(sha, info.serverCertificate == null ? null : info.serverCertificate.getEncoded());
            if (trust != null && info.bootstrap == trustIsForBootstrap) {
                update(sha, trust.current().encoded());
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint the server settings", e);
        }
    }

    private static void update(java.security.MessageDigest sha, byte[] part) {
        int n = part == null ? -1 : part.length;
        sha.update(new byte[] {(byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n});
        if (part != null) {
            sha.update(part);
        }
    }
}
