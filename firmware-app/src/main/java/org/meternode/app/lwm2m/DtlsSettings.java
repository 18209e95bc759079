package org.meternode.app.lwm2m;

import java.util.List;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;

/**
 * Californium/Scandium settings of the node, built in code (no properties file): client-only DTLS
 * role, Connection ID supported, the LwM2M CCM_8 PSK suite (no CBC, no NULL), one thread per stage.
 */
final class DtlsSettings {
    /** Largest request body (a pushed firmware package) the node reassembles: 2 MiB. */
    static final int PUSH_LIMIT_BYTES = 2 * 1024 * 1024;

    private DtlsSettings() {
    }

    static Configuration apply(Configuration c) {
        c.set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY);
        // 0 = we use the server's CID and ask none for ourselves: records survive NAT rebinding.
        c.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        c.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        c.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
                CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256);
        c.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        c.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        c.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        c.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        // A pushed firmware package (/5/0/0) arrives block-wise and is reassembled in the heap:
        // allow small (delta) bundles; big ones are pulled block by block into a file instead.
        c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, PUSH_LIMIT_BYTES);
        return c;
    }

    static List<CipherSuite> suites() {
        return List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256);
    }
}
