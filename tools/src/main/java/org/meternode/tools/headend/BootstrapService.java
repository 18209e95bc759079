package org.meternode.tools.headend;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Collections;
import java.util.Iterator;
import java.util.function.Function;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.leshan.core.endpoint.EndpointUriUtil;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.peer.OscoreIdentity;
import org.eclipse.leshan.server.bootstrap.BootstrapConfig;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServer;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServerBuilder;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.CaliforniumBootstrapServerEndpointsProvider;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.coaps.CoapsBootstrapServerEndpointFactory;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.coaps.CoapsBootstrapServerProtocolProvider;
import org.eclipse.leshan.server.security.BootstrapSecurityStore;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.meternode.app.lwm2m.DtlsSettings;
import org.meternode.app.lwm2m.security.HandshakeLog;

/**
 * The head-end's LwM2M bootstrap server (Leshan's, on its own coaps port): nodes authenticate with
 * the credentials the head-end lists (PSK, RPK, CA-signed certificate), and are given the
 * management server's URI and a PSK account for it, written to their Security and Server objects.
 */
final class BootstrapService implements AutoCloseable {
    private final LeshanBootstrapServer server;

    /**
     * @param configFor the configuration (Security and Server instances) for an endpoint
     */
    BootstrapService(InetSocketAddress bind, HeadEndIdentity identity, NodeAcceptance nodes, HandshakeLog handshakes,
            Function<String, BootstrapConfig> configFor) {
        CaliforniumBootstrapServerEndpointsProvider.Builder endpoints =
                new CaliforniumBootstrapServerEndpointsProvider.Builder(new CoapsBootstrapServerProtocolProvider());
        Configuration config = endpoints.createDefaultConfiguration();
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 6);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        if (identity != null) {
            DtlsSettings.applySuites(config);
        } else {
            config.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
            config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        }
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        endpoints.setConfiguration(config);
        endpoints.addEndpoint(new CoapsBootstrapServerEndpointFactory(EndpointUriUtil.createUri("coaps", bind),
                "bootstrap", null, HeadEndCoapsEndpointFactory.dtlsIdentity(identity, nodes, handshakes), null));
        LeshanBootstrapServerBuilder builder = new LeshanBootstrapServerBuilder();
        builder.setEndpointsProviders(endpoints.build());
        builder.setSecurityStore(new BootstrapSecurityStore() {
            @Override
            public Iterator<SecurityInfo> getAllByEndpoint(String endpoint) {
                SecurityInfo info = nodes.getByEndpoint(endpoint);
                return info == null ? Collections.emptyIterator() : Collections.singletonList(info).iterator();
            }

            @Override
            public SecurityInfo getByIdentity(String pskIdentity) {
                return nodes.getByIdentity(pskIdentity);
            }

            @Override
            public SecurityInfo getByOscoreIdentity(OscoreIdentity oscoreIdentity) {
                return null;
            }
        });
        builder.setConfigStore(session -> configFor.apply(session.getEndpoint()));
        this.server = builder.build();
    }

    void start() {
        server.start();
    }

    URI uri() {
        return server.getEndpoint(Protocol.COAPS).getURI();
    }

    @Override
    public void close() {
        server.destroy();
    }
}
