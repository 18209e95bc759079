package org.meternode.tools.headend;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.NonUniqueSecurityInfoException;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.leshan.server.queue.PresenceListener;
import org.eclipse.leshan.server.queue.StaticClientAwakeTimeProvider;
import org.meternode.app.lwm2m.ObjectModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded head-end: a Leshan LwM2M server on a DTLS (PSK) endpoint that stores every reading
 * nodes Send into its SQLite database before acknowledging it, and prints a line per new reading.
 */
public final class HeadEnd implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeadEnd.class);
    /** How long a queue-mode node is taken as reachable after each uplink. */
    public static final java.time.Duration AWAKE_TIME = java.time.Duration.ofSeconds(30);
    /** Queued management requests expire after this long without the node coming online. */
    public static final java.time.Duration REQUEST_TTL = java.time.Duration.ofDays(7);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);

    private final HeadEndStore store;
    private final InMemorySecurityStore security = new InMemorySecurityStore();
    private final LeshanServer server;
    private final List<Consumer<ReceivedReading>> readingListeners = new CopyOnWriteArrayList<>();
    private final Consumer<String> out;
    private final RequestQueue requests;
    private final RequestDispatcher dispatcher;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param bind  address to listen on (port 0 picks a free one)
     * @param db    the SQLite file readings go to
     * @param out   where live lines go (stdout for meterctl, a list in tests)
     */
    public HeadEnd(InetSocketAddress bind, Path db, Collection<PskEntry> psks, boolean alsoPlainCoap,
            Consumer<String> out) {
        this.out = out;
        this.store = HeadEndStore.open(db);
        for (PskEntry psk : psks) {
            addPsk(psk);
        }
        SendIngest ingest = new SendIngest(store);
        LeshanServerBuilder builder = DurableSendServer.builder((registration, request) -> {
            StoreResult result = ingest.ingest(registration.getEndpoint(), request.getTimestampedNodes());
            for (ReceivedReading r : result.inserted()) {
                readingListeners.forEach(l -> l.accept(r));
                out.accept(line(r));
            }
            if (result.conflicts() > 0) {
                LOG.error("{}: {} reading(s) resent with a different value; first value kept",
                        registration.getEndpoint(), result.conflicts());
            }
        });
        CaliforniumServerEndpointsProvider.Builder endpoints = alsoPlainCoap
                ? new CaliforniumServerEndpointsProvider.Builder(new CoapsServerProtocolProvider(),
                        new CoapServerProtocolProvider())
                : new CaliforniumServerEndpointsProvider.Builder(new CoapsServerProtocolProvider());
        Configuration config = endpoints.createDefaultConfiguration();
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 6);
        config.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
                CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256);
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 2);
        endpoints.setConfiguration(config);
        endpoints.addEndpoint(bind, Protocol.COAPS);
        if (alsoPlainCoap) {
            endpoints.addEndpoint(new InetSocketAddress(bind.getAddress(), 0), Protocol.COAP);
        }
        builder.setEndpointsProviders(endpoints.build());
        builder.setSecurityStore(security);
        builder.setObjectModelProvider(new VersionedModelProvider(ObjectModels.all()));
        // Queue-mode nodes are taken as awake this long after each uplink (node default uplink.awake-window).
        builder.setClientAwakeTimeProvider(new StaticClientAwakeTimeProvider((int) AWAKE_TIME.toMillis()));
        this.server = builder.build();
        server.getRegistrationService().addListener(new Registrations());
        this.requests = RequestQueue.open(db);
        this.dispatcher = new RequestDispatcher(server, requests, REQUEST_TTL);
        server.getPresenceService().addListener(new PresenceListener() {
            @Override
            public void onAwake(Registration registration) {
                dispatcher.wake();
            }

            @Override
            public void onSleeping(Registration registration) {
                // requests wait for the next uplink
            }
        });
    }

    public void addPsk(PskEntry psk) {
        try {
            security.add(SecurityInfo.newPreSharedKeyInfo(psk.endpoint(), psk.identity(), psk.key()));
        } catch (NonUniqueSecurityInfoException e) {
            throw new IllegalArgumentException("PSK identity '" + psk.identity() + "' is already used by another"
                    + " endpoint", e);
        }
    }

    public void start() {
        server.start();
        dispatcher.start();
        out.accept("head-end listening on " + uri() + " (readings stored in " + store.file() + ")");
    }

    /** The coaps:// URI nodes should use. */
    public java.net.URI uri() {
        return server.getEndpoint(Protocol.COAPS).getURI();
    }

    /** The coap:// URI, when plain CoAP was enabled. */
    public java.net.URI plainUri() {
        return server.getEndpoint(Protocol.COAP).getURI();
    }

    /** Management requests waiting for, or answered by, nodes. */
    public RequestQueue requests() {
        return requests;
    }

    /** Lets queued firmware-update requests run (the update code lives in tools.update). */
    public void runUpdatesWith(UpdateRunner runner) {
        dispatcher.updates(runner);
    }

    /** Look at the request queue now (after adding a request in this process). */
    public void dispatchNow() {
        dispatcher.wake();
    }

    public HeadEndStore store() {
        return store;
    }

    public void onReading(Consumer<ReceivedReading> listener) {
        readingListeners.add(listener);
    }

    public boolean isRegistered(String endpoint) {
        return server.getRegistrationService().getByEndpoint(endpoint) != null;
    }

    public LeshanServer leshan() {
        return server;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        dispatcher.close();
        server.destroy();
        requests.close();
        store.close();
    }

    static String line(ReceivedReading r) {
        String flag = "GOOD".equals(r.quality()) ? "" : "  [" + r.quality().toLowerCase() + "]";
        return String.format("%-14s %-16s %s %14s %-3s%s", r.endpoint(), r.channel(), TIME.format(r.at()),
                trim(r.value()), r.unit(), flag);
    }

    private static String trim(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private final class Registrations implements RegistrationListener {
        @Override
        public void registered(Registration registration, Registration previous, Collection<Observation> observations) {
            dispatcher.wake();
            out.accept("node " + registration.getEndpoint() + " registered from " + registration.getSocketAddress()
                    + " (lifetime " + registration.getLifeTimeInSec() + " s)");
        }

        @Override
        public void updated(RegistrationUpdate update, Registration updated, Registration previous) {
            LOG.debug("{} updated its registration", updated.getEndpoint());
            dispatcher.wake();
        }

        @Override
        public void unregistered(Registration registration, Collection<Observation> observations, boolean expired,
                Registration newReg) {
            if (newReg == null) {
                out.accept("node " + registration.getEndpoint() + (expired ? " registration expired" : " deregistered"));
            }
        }
    }
}
