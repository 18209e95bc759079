package org.meternode.app.lwm2m;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.dtls.SignatureAndHashAlgorithm;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.XECDHECryptography.SupportedGroup;

/**
 * Californium/Scandium settings of the node, built in code (no properties file): client-only DTLS
 * role, Connection ID supported, only the LwM2M-mandatory CCM_8 suites (no CBC, no NULL, no
 * anonymous), ECDSA P-256 with SHA-256 for RPK/X.509, one thread per stage, 2-byte tokens.
 */
public final class DtlsSettings {
    /** The only suites the node offers and the head-end accepts. */
    public static final List<CipherSuite> SUITES = List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
    /** Largest request body (a pushed firmware package) the node reassembles: 2 MiB. */
    static final int PUSH_LIMIT_BYTES = 2 * 1024 * 1024;
    /**
     * Length of the tokens the node's requests carry (Californium's default is 8; each Send and its
     * piggybacked answer carry it, so 12 bytes a Send are saved). Two bytes are enough: a token only
     * matches answers to this node's own open requests to one peer (Californium keys a client token
     * by token and peer), and a waking node has one or two open at a time (a Send, an Update, a
     * block-wise download). 14 of the 16 bits are random (Californium's {@code RandomTokenGenerator}
     * keeps 2 for the token's scope); a token still in use is never handed out twice, the exchange
     * store draws again ({@code InMemoryMessageExchangeStore.registerWithToken}); and a late
     * piggybacked answer to a finished exchange must match its message ID as well as its token.
     */
    static final int TOKEN_BYTES = 2;
    /** Messages of one peer remembered to answer a retransmission from the cache. */
    static final int DEDUPLICATED = 64;
    /** Seconds between Californium's cleanup passes on the node. */
    static final int CLEANUP_INTERVAL_S = 60;

    private DtlsSettings() {
    }

    /** The node's DTLS and CoAP choices (also the fleet simulator's, so its virtual nodes behave alike). */
    public static Configuration apply(Configuration c) {
        c.set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY);
        // A fleet that lost its head-end together must not retransmit its handshakes together: the
        // first timeout is drawn from [T, 1.5 T) per flight, as CoAP's ACK_RANDOM_FACTOR does for requests.
        c.set(DtlsConfig.DTLS_RETRANSMISSION_INIT_RANDOM, 1.5f);
        // 0 = we use the server's CID and ask none for ourselves: records survive NAT rebinding.
        c.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        // The endpoint factory narrows this to the one suite of the configured mode (Scandium refuses
        // curves or signature algorithms without an ECDHE suite, so those are set there too).
        c.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        c.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, SUITES.toArray(CipherSuite[]::new));
        c.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        c.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        c.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        c.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        // A pushed firmware package (/5/0/0) arrives block-wise and is reassembled in the heap:
        // allow small (delta) bundles; big ones are pulled block by block into a file instead.
        c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, PUSH_LIMIT_BYTES);
        // Californium's cleanup timers tick whether or not anything is in flight (every 5 s for
        // block-wise transfers, 10 s for the deduplicator): once a minute is enough for a node whose
        // exchanges live 247 s and whose block-wise transfers expire after 5 min.
        c.set(CoapConfig.BLOCKWISE_STATUS_INTERVAL, CLEANUP_INTERVAL_S, TimeUnit.SECONDS);
        c.set(CoapConfig.MARK_AND_SWEEP_INTERVAL, CLEANUP_INTERVAL_S, TimeUnit.SECONDS);
        c.set(CoapConfig.TOKEN_SIZE_LIMIT, TOKEN_BYTES);
        return applyDeduplication(c);
    }

    /**
     * Deduplication bounded per peer, for the node and the head-end alike. Californium's default keeps
     * every exchange of the last 247 s, request and answer bodies included: 10,000 requests from a
     * runaway server took the node's 24 MiB heap, and a flooding node grew the head-end's by ~3 KiB a
     * request. Per peer only the last {@link #DEDUPLICATED} messages are kept.
     */
    public static Configuration applyDeduplication(Configuration c) {
        c.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        c.set(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES, DEDUPLICATED);
        return c;
    }

    /** CCM_8 suites, P-256 and SHA256withECDSA only: the head-end's settings. */
    public static Configuration applySuites(Configuration c) {
        c.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        c.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, SUITES.toArray(CipherSuite[]::new));
        c.setAsList(DtlsConfig.DTLS_CURVES, SupportedGroup.secp256r1);
        c.setAsList(DtlsConfig.DTLS_SIGNATURE_AND_HASH_ALGORITHMS, SignatureAndHashAlgorithm.SHA256_WITH_ECDSA);
        return c;
    }
}
