package org.meternode.tools.headend;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
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
import org.eclipse.leshan.core.endpoint.EndpointUriUtil;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.bootstrap.BootstrapConfig;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.server.security.NonUniqueSecurityInfoException;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.leshan.server.security.DefaultAuthorizer;
import org.eclipse.leshan.core.response.SendResponse;
import org.eclipse.leshan.server.queue.PresenceListener;
import org.eclipse.leshan.server.queue.StaticClientAwakeTimeProvider;
import org.meternode.app.lwm2m.DtlsSettings;
import org.meternode.app.lwm2m.ObjectModels;
import org.meternode.app.lwm2m.security.DtlsSessionKeeper;
import org.meternode.app.lwm2m.security.HandshakeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded head-end: a Leshan LwM2M server on a DTLS endpoint (PSK, RPK or X.509 nodes, CCM_8
 * suites only) that stores every reading nodes Send into its SQLite database before acknowledging
 * it, and prints a line per new reading.
 */
public final class HeadEnd implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeadEnd.class);
    /** How long a queue-mode node is taken as reachable after each uplink. */
    public static final java.time.Duration AWAKE_TIME = java.time.Duration.ofSeconds(30);
    /** Queued management requests expire after this long without the node coming online. */
    public static final java.time.Duration REQUEST_TTL = java.time.Duration.ofDays(7);
    private static final org.eclipse.leshan.core.ResponseCode TOO_MANY_REQUESTS =
            new org.eclipse.leshan.core.ResponseCode(429, "TOO_MANY_REQUESTS");
    /** Protocol-stage threads, and so Sends stored at once (a PostgreSQL pool's default size). */
    static final int STORE_THREADS = 8;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);

    private final HeadEndStorage storage;
    private final ReadingStore store;
    private final SecurityEventStore securityEvents;
    private final NodeAcceptance security;
    private final NodeAcceptance bootstrapNodes;
    private final BootstrapService bootstrapServer;
    private final java.util.Map<String, PskEntry> bootstrapAccounts = new java.util.concurrent.ConcurrentHashMap<>();
    private final HeadEndOptions options;
    private final HandshakeLog handshakes = new HandshakeLog("node", (kind, detail) -> { });
    private final LeshanServer server;
    private final List<Consumer<ReceivedReading>> readingListeners = new CopyOnWriteArrayList<>();
    private final Consumer<String> out;
    private final RequestQueue requests;
    private final RequestDispatcher dispatcher;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean printReadings = true;
    /** Shared registrations and credentials; null without --redis. */
    private final RedisLink redis;

    /**
     * A PSK-only head-end.
     *
     * @param bind  address to listen on (port 0 picks a free one)
     * @param db    the SQLite file readings go to
     * @param out   where live lines go (stdout for meterctl, a list in tests)
     */
    public HeadEnd(InetSocketAddress bind, Path db, Collection<PskEntry> psks, boolean alsoPlainCoap,
            Consumer<String> out) {
        this(HeadEndOptions.psk(bind, db, List.copyOf(psks)).withPlainCoap(alsoPlainCoap), out);
    }

    /** A head-end as {@code options} say, storing in the SQLite file {@code options.db()}; see {@link HeadEndOptions}. */
    public HeadEnd(HeadEndOptions options, Consumer<String> out) {
        this(options, HeadEndStorage.open(options.db()), out);
    }

    /** A head-end as {@code options} say, storing in {@code storage} (which it closes when it closes). */
    public HeadEnd(HeadEndOptions options, HeadEndStorage storage, Consumer<String> out) {
        this.out = out;
        this.options = options;
        this.storage = storage;
        this.store = storage.readings();
        this.securityEvents = storage.securityEvents();
        this.requests = storage.requests();
        boolean bootstrap = options.bootstrapBind() != null;
        // With a bootstrap server the listed credentials are for it; the management server then
        // knows exactly the PSK accounts the bootstrap server issued.
        this.redis = options.redis() == null ? null : RedisLink.open(options.redis(), Clock.systemUTC());
        this.security = new NodeAcceptance(bootstrap ? List.of() : options.nodeCas(),
                redis == null ? new org.eclipse.leshan.server.security.InMemorySecurityStore()
                        : new SharedSecurityStore(redis));
        this.bootstrapNodes = bootstrap ? new NodeAcceptance(options.nodeCas()) : null;
        for (PskEntry psk : options.psks()) {
            add(bootstrap ? bootstrapNodes : security,
                    SecurityInfo.newPreSharedKeyInfo(psk.endpoint(), psk.identity(), psk.key()));
        }
        for (RpkEntry rpk : options.rpks()) {
            add(bootstrap ? bootstrapNodes : security,
                    SecurityInfo.newRawPublicKeyInfo(rpk.endpoint(), rpk.publicKey()));
        }
        SendIngest ingest = new SendIngest(store);
        SendGuard guard = new SendGuard(Clock.systemUTC());
        TokenBucketLimiter sendLimiter = new TokenBucketLimiter(options.sendLimit(), Clock.systemUTC());
        LeshanServerBuilder builder = DurableSendServer.builder((registration, request) -> {
            if (!sendLimiter.tryAcquire(registration.getEndpoint())) {
                return new SendResponse(TOO_MANY_REQUESTS, "node " + registration.getEndpoint() + " sends more than "
                        + options.sendLimit().perSecond() + " per second (burst " + options.sendLimit().burst() + ")");
            }
            return guard.refusal(request.getTimestampedNodes())
                    .map(why -> SendResponse.badRequest("node " + registration.getEndpoint() + ": Send refused: " + why))
                    .orElse(null);
        }, (registration, request) -> {
            for (NodeSecurityEvent e : securityEvents.store(
                    NodeSecurityEvent.extract(registration.getEndpoint(), request.getTimestampedNodes()))) {
                out.accept(String.format("%-14s SECURITY %s %s: %s%s", e.endpoint(), TIME.format(e.at()), e.kind(),
                        e.detail(), e.suppressed() > 0 ? " (+" + e.suppressed() + " suppressed before)" : ""));
            }
            StoreResult result = ingest.ingest(registration.getEndpoint(), request.getTimestampedNodes());
            for (ReceivedReading r : result.inserted()) {
                readingListeners.forEach(l -> l.accept(r));
                if (printReadings) {
                    out.accept(line(r));
                }
            }
            if (result.conflicts() > 0) {
                LOG.error("{}: {} reading(s) resent with a different value; first value kept",
                        registration.getEndpoint(), result.conflicts());
            }
        });
        CaliforniumServerEndpointsProvider.Builder endpoints = options.alsoPlainCoap()
                ? new CaliforniumServerEndpointsProvider.Builder(new CoapsServerProtocolProvider(),
                        new CoapServerProtocolProvider())
                : new CaliforniumServerEndpointsProvider.Builder(new CoapsServerProtocolProvider());
        Configuration config = endpoints.createDefaultConfiguration();
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 6);
        if (options.cluster() != null) {
            // The CID's first byte names the instance that holds the session, so any instance can forward to it.
            config.set(DtlsConfig.DTLS_CONNECTION_ID_NODE_ID, options.cluster().nodeId());
        }
        // The head-end never starts a handshake: nodes are client-only and initiate every session.
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        if (options.identity() != null) {
            DtlsSettings.applySuites(config);
        } else {
            // Without an identity of its own the head-end can only do PSK: offer its one CCM_8 suite.
            config.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
            config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        }
        // A Send is stored in the protocol stage, before its 2.04: these threads are how many Sends are
        // stored at once. PostgreSQL commits concurrent transactions together (one WAL flush for many),
        // so with it more of them is more Sends/s; SQLite's one connection takes them in turn.
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, STORE_THREADS);
        // Any request body above this (a Send, a registration's object links) is refused with 4.13 before decoding.
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, SendGuard.MAX_PAYLOAD_BYTES);
        DtlsSettings.applyDeduplication(config);
        endpoints.setConfiguration(config);
        DtlsSessionKeeper keeper = options.dtlsStateFile() == null ? null
                : DtlsSessionKeeper.forServer(options.dtlsStateFile(), this::identityFingerprint, Clock.systemUTC());
        endpoints.addEndpoint(new HeadEndCoapsEndpointFactory(EndpointUriUtil.createUri("coaps", options.bind()),
                options.identity(), security, keeper, handshakes, options.cluster()));
        if (options.alsoPlainCoap()) {
            endpoints.addEndpoint(new InetSocketAddress(options.bind().getAddress(), 0), Protocol.COAP);
        }
        CaliforniumServerEndpointsProvider provider = endpoints.build();
        builder.setEndpointsProviders(provider);
        builder.setSecurityStore(security);
        if (redis != null) {
            builder.setRegistrationStore(new SharedRegistrationStore(redis));
        }
        builder.setAuthorizer(new RateLimitedAuthorizer(new DefaultAuthorizer(security),
                new TokenBucketLimiter(options.registrationLimit(), Clock.systemUTC())));
        builder.setObjectModelProvider(new VersionedModelProvider(ObjectModels.all()));
        // Queue-mode nodes are taken as awake this long after each uplink (node default uplink.awake-window).
        builder.setClientAwakeTimeProvider(new StaticClientAwakeTimeProvider((int) AWAKE_TIME.toMillis()));
        this.server = builder.build();
        if (server.getEndpoint(Protocol.COAPS) == null) {
            server.destroy();
            storage.close();
            if (redis != null) {
                redis.close();
            }
            throw new IllegalStateException("head-end: the coaps endpoint on " + options.bind()
                    + " could not be set up (see the warning logged above)");
        }
        guardRegistrations(provider);
        if (redis != null) {
            RegistrationOutageGuard.install(provider.getCoapServer().getRoot(), redis);
        }
        server.getRegistrationService().addListener(new Registrations());
        this.dispatcher = new RequestDispatcher(server, requests, REQUEST_TTL, options.cluster() == null
                ? "head-end-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(System.identityHashCode(this))
                : "cluster-node-" + options.cluster().nodeId());
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
        this.bootstrapServer = bootstrap ? new BootstrapService(options.bootstrapBind(), options.identity(),
                bootstrapNodes, handshakes, this::bootstrapConfig) : null;
    }

    /**
     * What the bootstrap server writes to a node: Security instance 1 for this management server
     * with a PSK account (made on the node's first bootstrap, kept while the head-end runs) and
     * Server instance 0 (short server id 1). Objects 0 and 1 are cleared first, except the
     * bootstrap server's own account.
     */
    private BootstrapConfig bootstrapConfig(String endpoint) {
        PskEntry account = bootstrapAccounts.computeIfAbsent(endpoint, ep -> {
            byte[] key = new byte[16];
            new java.security.SecureRandom().nextBytes(key);
            PskEntry entry = new PskEntry(ep, ep, key);
            security.remove(ep, true);
            addPsk(entry);
            out.accept("bootstrap: issued node " + ep + " a PSK account for " + uri());
            return entry;
        });
        BootstrapConfig config = new BootstrapConfig();
        config.toDelete = new java.util.ArrayList<>(List.of("/0", "/1"));
        BootstrapConfig.ServerConfig dm = new BootstrapConfig.ServerConfig();
        dm.shortId = 1;
        dm.lifetime = 3600;
        config.servers.put(0, dm);
        BootstrapConfig.ServerSecurity sec = new BootstrapConfig.ServerSecurity();
        sec.uri = uri().toString();
        sec.bootstrapServer = false;
        sec.securityMode = org.eclipse.leshan.core.SecurityMode.PSK;
        sec.publicKeyOrId = account.identity().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        sec.secretKey = account.key();
        sec.serverId = 1;
        config.security.put(1, sec);
        return config;
    }

    /** Checks registration queries and Send bodies before Leshan parses them. */
    private static void guardRegistrations(CaliforniumServerEndpointsProvider provider) {
        org.eclipse.californium.core.server.resources.Resource root = provider.getCoapServer().getRoot();
        GuardedResource.install(root, "rd", RegistrationQueryGuard::refusal);
        GuardedResource.install(root, "dp", SenMlShape::refusal);
    }

    /** The coaps:// URI of the bootstrap server, when there is one. */
    public java.net.URI bootstrapUri() {
        return bootstrapServer == null ? null : bootstrapServer.uri();
    }

    private static void add(NodeAcceptance store, SecurityInfo info) {
        try {
            store.addConfigured(info);
        } catch (NonUniqueSecurityInfoException e) {
            throw new IllegalArgumentException("node '" + info.getEndpoint() + "' is listed twice or its PSK identity"
                    + " is used by another node", e);
        }
    }

    /** Accepts the node {@code rpk.endpoint()} when it proves it holds the private half of its key. */
    public void addRpk(RpkEntry rpk) {
        try {
            security.add(SecurityInfo.newRawPublicKeyInfo(rpk.endpoint(), rpk.publicKey()));
        } catch (NonUniqueSecurityInfoException e) {
            throw new IllegalArgumentException("endpoint '" + rpk.endpoint() + "' is listed twice", e);
        }
    }

    /** The head-end's DTLS handshakes with nodes, counted. */
    public HandshakeLog handshakes() {
        return handshakes;
    }

    public HeadEndOptions options() {
        return options;
    }

    private String identityFingerprint() {
        HeadEndIdentity id = options.identity();
        if (id == null) {
            return "psk-only";
        }
        try {
            return java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(id.publicKey().getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
        if (bootstrapServer != null) {
            bootstrapServer.start();
            out.accept("bootstrap server listening on " + bootstrapServer.uri());
        }
        out.accept("head-end listening on " + uri() + " (readings stored in " + store.describe()
                + (redis == null ? "" : "; registrations and node credentials shared through Redis at " + redis.where())
                + ")");
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

    public ReadingStore store() {
        return store;
    }

    /** Whether each new reading gets a line (on by default; a fleet's instance turns it off). */
    public void printReadings(boolean print) {
        printReadings = print;
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
        if (bootstrapServer != null) {
            bootstrapServer.close();
        }
        server.destroy();
        storage.close();
        if (redis != null) {
            redis.close();
        }
    }

    /**
     * Announces the head-end's next trust anchor to a registered node: Write of Security resource 4
     * (/0/0/4, opaque DER: SubjectPublicKeyInfo for RPK, the CA certificate for X.509), which
     * meternode nodes accept from their own server. The node then trusts it beside the current one
     * until a handshake proves it.
     *
     * @return the node's answer code, e.g. CHANGED; null when it did not answer in time
     */
    public org.eclipse.leshan.core.ResponseCode announceTrustAnchor(String endpoint,
            org.meternode.app.security.TrustAnchor next, java.time.Duration timeout) throws InterruptedException {
        Registration registration = server.getRegistrationService().getByEndpoint(endpoint);
        if (registration == null) {
            throw new IllegalStateException("node " + endpoint + " is not registered");
        }
        org.eclipse.leshan.core.response.WriteResponse response = server.send(registration,
                new org.eclipse.leshan.core.request.WriteRequest(0, 0, 4, next.encoded()), timeout.toMillis());
        if (response != null) {
            out.accept("node " + endpoint + ": next trust anchor " + next + " announced: " + response.getCode());
        }
        return response == null ? null : response.getCode();
    }

    /** Security events {@code endpoint} reported, oldest first. */
    public List<NodeSecurityEvent> securityEvents(String endpoint) {
        return securityEvents.events(endpoint);
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
