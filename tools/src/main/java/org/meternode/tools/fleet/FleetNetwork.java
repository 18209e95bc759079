package org.meternode.tools.fleet;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.leshan.core.link.DefaultLinkSerializer;
import org.eclipse.leshan.core.link.LinkSerializer;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.codec.LwM2mEncoder;
import org.meternode.app.lwm2m.CompactSendEncoder;
import org.meternode.app.lwm2m.DtlsSettings;
import org.meternode.app.lwm2m.ObjectModels;

/**
 * What all virtual nodes share: one Californium configuration (the node's DTLS settings, small
 * per-node tables), one scheduled executor that runs every node's CoAP stack, DTLS connector and
 * timers, and the node's own SenML-CBOR encoder and object model. Only each node's DTLS session,
 * UDP socket and receiver thread are its own.
 */
final class FleetNetwork implements AutoCloseable {
    private final Configuration config;
    private final ScheduledThreadPoolExecutor executor;
    private final InetSocketAddress server;
    private final LwM2mEncoder encoder = CompactSendEncoder.clientEncoder();
    private final LwM2mModel model = new StaticModel(ObjectModels.all());
    private final LinkSerializer links = new DefaultLinkSerializer();

    /** @param speed the node's protocol timers (DTLS and CoAP retransmission) run this many times fast */
    FleetNetwork(URI server, int threads, int speed) {
        try {
            this.server = new InetSocketAddress(InetAddress.getByName(server.getHost()), server.getPort());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--server " + server + ": unknown host '" + server.getHost() + "'", e);
        }
        DtlsConfig.register();
        CoapConfig.register();
        UdpConfig.register();
        Configuration c = Configuration.createStandardWithoutFile();
        // The node's own DTLS and CoAP choices, then the fleet's: the PSK suite only, one receiver thread.
        DtlsSettings.apply(c);
        c.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        // A virtual node talks to one peer: Californium's defaults size tables for a server's 150,000.
        c.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 4);
        c.set(CoapConfig.MAX_ACTIVE_PEERS, 4);
        // Our own deadline (FleetPlan.timeout) cancels an exchange; CoAP retransmits within it.
        c.set(CoapConfig.MAX_RETRANSMIT, 3);
        c.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 3);
        scale(c, DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, speed);
        scale(c, DtlsConfig.DTLS_MAX_RETRANSMISSION_TIMEOUT, speed);
        scale(c, CoapConfig.ACK_TIMEOUT, speed);
        scale(c, CoapConfig.MAX_ACK_TIMEOUT, speed);
        this.config = c;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "fleet-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    private static void scale(Configuration c, org.eclipse.californium.elements.config.TimeDefinition key, int speed) {
        c.set(key, Math.max(1, c.get(key, TimeUnit.MILLISECONDS) / speed), TimeUnit.MILLISECONDS);
    }

    Configuration config() {
        return config;
    }

    ScheduledExecutorService executor() {
        return executor;
    }

    InetSocketAddress server() {
        return server;
    }

    LwM2mEncoder encoder() {
        return encoder;
    }

    LwM2mModel model() {
        return model;
    }

    LinkSerializer links() {
        return links;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
