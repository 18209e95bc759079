package org.meternode.app.lwm2m;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.ClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.endpoint.LwM2mClientEndpoint;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.core.response.SendResponse;
import org.meternode.app.manage.NodeManagement;
import org.meternode.app.events.SecurityEvent;
import org.meternode.app.events.SecurityEventReporter;
import org.meternode.app.events.SecurityEvents;
import org.meternode.app.lwm2m.security.HandshakeLog;
import org.meternode.app.lwm2m.security.NodeSecurity;
import org.meternode.app.outbox.StoredReading;
import org.meternode.app.reading.ReadingStream;
import org.meternode.app.reading.Reading;
import org.meternode.app.uplink.JitteredBackoff;
import org.meternode.app.uplink.ReadingTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's LwM2M 1.1 client (Eclipse Leshan over Californium/Scandium): registers with the
 * server over DTLS and sends outbox batches with the Send operation as compact SenML-CBOR
 * ({@link CompactSenMlCbor}). The first Send after each registration also carries every instance's
 * Application Type (the channel id), so the server can name the streams without asking. This is
 * the only package that sees Leshan types.
 */
public final class Lwm2mNodeClient implements ReadingTransport, SecurityEventReporter.Transport, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lwm2mNodeClient.class);

    private final ClientSettings settings;
    private final MeasurementObjects objects;
    private final OutboxDataSender sender = new OutboxDataSender();
    /**
     * What saved DTLS sessions are aged on: real time, like the server's session cache and Scandium's
     * own timers. The board's clock may run faster (sim) or be stepped; the Device object uses it.
     */
    static final Clock DTLS_TIME = Clock.systemUTC();

    /** The fixed wait Leshan's engine asks for before re-registering; replaced by a jittered one. */
    static final Duration LESHAN_RETRY_WAIT = Duration.ofSeconds(30);

    private final LeshanClient client;
    private final JitteredRegistrationEngineFactory engine;
    private final AtomicBoolean announce = new AtomicBoolean(true);
    private volatile LwM2mServer registeredServer;
    private volatile String lastRegistrationProblem = "not registered yet";
    private final NodeSecurity security;
    private final SecurityEvents events;
    private final SecurityEventObject.Enabler securityEvents = new SecurityEventObject.Enabler();

    /**
     * @param streams  channel id -> reading streams, in config order
     * @param onReady  called whenever the node (re)registers, so the uplink can drain at once
     */
    public Lwm2mNodeClient(ClientSettings settings, Map<String, List<ReadingStream>> streams, NodeManagement node,
            Clock clock, Runnable onReady) {
        this(settings, streams, node, clock, onReady, List.of(), SecurityEvents.NONE);
    }

    /**
     * @param streams  channel id -> reading streams, in config order
     * @param node     what remote management may read and change
     * @param onReady  called whenever the node (re)registers, so the uplink can drain at once
     * @param extras   objects other features serve (e.g. /5 Firmware Update), one instance each
     * @param events   where failed handshakes and registrations are recorded
     */
    public Lwm2mNodeClient(ClientSettings settings, Map<String, List<ReadingStream>> streams, NodeManagement node,
            Clock clock, Runnable onReady, List<ObjectContribution> extras, SecurityEvents events) {
        this(settings, streams, node, clock, onReady, extras, events,
                new JitteredBackoff(Duration.ofSeconds(2), Duration.ofMinutes(5), new java.security.SecureRandom()));
    }

    /**
     * @param registrationRetries the waits before a new Register (or Bootstrap) after a failure, in
     *                            place of Leshan's fixed {@link #LESHAN_RETRY_WAIT}
     */
    public Lwm2mNodeClient(ClientSettings settings, Map<String, List<ReadingStream>> streams, NodeManagement node,
            Clock clock, Runnable onReady, List<ObjectContribution> extras, SecurityEvents events,
            JitteredBackoff registrationRetries) {
        this.settings = settings;
        this.events = events;
        this.objects = new MeasurementObjects(streams);
        ObjectsInitializer init = new ObjectsInitializer(new StaticModel(ObjectModels.all()));
        int ssid = settings.shortServerId();
        String uri = settings.serverUri().toString();
        this.security = settings.secure() ? NodeSecurity.create(settings.credentials(), settings.storageDir(), events,
                DTLS_TIME, settings.bootstrap()) : null;
        if (security != null && settings.bootstrap()) {
            security.initBootstrap(init, settings.serverUri());
        } else {
            init.setInstancesForObject(LwM2mId.SECURITY, security != null
                    ? security.securityInstance(settings.serverUri(), ssid) : Security.noSec(uri, ssid));
            init.setInstancesForObject(LwM2mId.SERVER, new Server(ssid, settings.lifetime().toSeconds()));
        }
        init.setInstancesForObject(LwM2mId.SERVER, new Server(ssid, settings.lifetime().toSeconds()));
        fixedInstances(init, SecurityEventObject.OBJECT_ID, securityEvents);
        fixedInstances(init, LwM2mId.DEVICE, new DeviceEnabler(node, clock, settings.model(),
                settings.endpoint(), settings.firmwareVersion(), settings.model()));
        fixedInstances(init, LwM2mId.CONNECTIVITY_MONITORING, new ConnectivityEnabler(Path.of("/proc")));
        fixedInstances(init, NodeObjectEnabler.OBJECT_ID, new NodeObjectEnabler(node));
        List<String> channelIds = node.channelIds();
        BaseInstanceEnabler[] channels = new BaseInstanceEnabler[channelIds.size()];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = new ChannelObjectEnabler(i, node, channelIds.get(i));
        }
        fixedInstances(init, ChannelObjectEnabler.OBJECT_ID, channels);
        objects.byObject().forEach((objectId, instances) ->
                fixedInstances(init, objectId, instances.toArray(BaseInstanceEnabler[]::new)));

        CaliforniumClientEndpointsProvider.Builder endpoints = new CaliforniumClientEndpointsProvider.Builder(
                new ClientProtocolProvider[] {security != null ? security.coapsProtocol() : new CoapsClientProtocolProvider(),
                        new CoapClientProtocolProvider()});
        Configuration configuration = DtlsSettings.apply(endpoints.createDefaultConfiguration());
        endpoints.setConfiguration(configuration);

        engine = new JitteredRegistrationEngineFactory(registrationRetries, LESHAN_RETRY_WAIT);
        engine.setRequestTimeoutInMs(10_000);
        engine.setQueueMode(settings.queueMode());

        LeshanClientBuilder builder = new LeshanClientBuilder(settings.endpoint());
        List<Integer> objectIds = new java.util.ArrayList<>(List.of(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE,
                LwM2mId.CONNECTIVITY_MONITORING, NodeObjectEnabler.OBJECT_ID, ChannelObjectEnabler.OBJECT_ID,
                SecurityEventObject.OBJECT_ID));
        objectIds.addAll(objects.byObject().keySet());
        for (ObjectContribution extra : extras) {
            fixedInstances(init, extra.objectId(), (BaseInstanceEnabler) extra.instance());
            objectIds.add(extra.objectId());
        }
        List<LwM2mObjectEnabler> enablers = init.create(objectIds.stream().mapToInt(Integer::intValue).toArray());
        if (security != null) {
            enablers = security.withRotatableSecurityObject(enablers,
                    new StaticModel(ObjectModels.all()).getObjectModel(LwM2mId.SECURITY), ssid);
        }
        builder.setObjects(GuardedObjectEnabler.guard(enablers, events));
        builder.setDecoder(new RefusingDecoder(events));
        builder.setEncoder(CompactSendEncoder.clientEncoder());
        builder.setDataSenders(sender);
        CaliforniumClientEndpointsProvider provider = endpoints.build();
        builder.setEndpointsProviders(provider);
        builder.setRegistrationEngineFactory(engine);
        this.client = builder.build();
        CoapServer coap = provider.getCoapServer();
        coap.setMessageDeliverer(new ScreeningDeliverer(coap.getMessageDeliverer(), events));
        client.addObserver(new RegistrationObserver(onReady));
        extras.forEach(extra -> extra.attach(client));
    }

    public void start() {
        LOG.info("LwM2M client '{}' starting: {} {}, {}", settings.endpoint(),
                settings.bootstrap() ? "bootstrap server" : "server", settings.serverUri(),
                security != null ? security.describe() : "NO SECURITY (insecure)");
        client.start();
    }

    @Override
    public boolean isReady() {
        return registeredServer != null;
    }

    /** Why the node is not registered, for status lines. */
    public String registrationProblem() {
        return isReady() ? "registered" : lastRegistrationProblem;
    }

    /** Publishes the latest readings to server Reads (not a Send). */
    public void publish(List<Reading> readings) {
        objects.update(readings);
    }

    @Override
    public Outcome send(List<StoredReading> batch, Duration timeout) throws InterruptedException {
        Optional<Outcome> unsendable = unsendable(batch);
        if (unsendable.isPresent()) {
            return unsendable.get();
        }
        LwM2mServer server = registeredServer;
        if (server == null) {
            return Outcome.failed("not registered: " + lastRegistrationProblem);
        }
        boolean withAnnouncement = announce.get();
        if (!withAnnouncement && batch.stream().noneMatch(s -> carried(s.reading()))) {
            return Outcome.ok(); // only faults the objects cannot flag: nothing to say, nothing to resend
        }
        TimestampedLwM2mNodes nodes = encode(batch, withAnnouncement);
        SendResponse response;
        try {
            response = sender.send(server, nodes, timeout.toMillis());
        } catch (RuntimeException e) {
            reconnect(server);
            return Outcome.failed("send error: " + e.getMessage());
        }
        if (response == null) {
            reconnect(server);
            return Outcome.failed("no answer within " + timeout.toSeconds() + " s");
        }
        if (response.isSuccess()) {
            exchangeSucceeded();
            if (withAnnouncement) {
                announce.set(false);
            }
            return Outcome.ok();
        }
        ResponseCode code = response.getCode();
        if (code == ResponseCode.NOT_FOUND || code == ResponseCode.BAD_REQUEST || code == ResponseCode.FORBIDDEN
                || code == ResponseCode.UNAUTHORIZED) {
            // The server no longer knows this registration (it restarted, Leshan answers 4.00 "no
            // registration found"): update, which fails and makes Leshan register again.
            registeredServer = null;
            client.triggerRegistrationUpdate(server);
        }
        String answer = "server answered " + code + (response.getErrorMessage() == null ? ""
                : " (" + response.getErrorMessage() + ")");
        // 4.29 Too Many Requests says "later", not "never": back off and resend, do not isolate readings.
        boolean transientRefusal = code.getCode() == 429;
        return code.isClientError() && !transientRefusal ? Outcome.refused(answer) : Outcome.failed(answer);
    }

    /**
     * Readings whose stream has no instance here (the channel was renamed or removed since they were
     * stored) can never be encoded: rejected by sequence number, so the uplink sets them aside.
     */
    private Optional<Outcome> unsendable(List<StoredReading> batch) {
        List<Long> seqs = new java.util.ArrayList<>();
        String reason = null;
        for (StoredReading s : batch) {
            try {
                objects.instanceOf(s.reading().channel());
            } catch (IllegalArgumentException e) {
                seqs.add(s.seq());
                reason = e.getMessage();
            }
        }
        return seqs.isEmpty() ? Optional.empty()
                : Optional.of(Outcome.rejected(reason + " (the channel is no longer configured)", seqs));
    }

    /** Sends security events as object 26250 values; true when the server acknowledged them. */
    @Override
    public boolean sendEvents(List<SecurityEvent> events, Duration timeout) throws InterruptedException {
        LwM2mServer server = registeredServer;
        if (server == null) {
            return false;
        }
        try {
            SendResponse response = sender.send(server, SecurityEventObject.encode(events), timeout.toMillis());
            if (response != null && response.isSuccess()) {
                exchangeSucceeded();
                securityEvents.reported(events.get(events.size() - 1));
                return true;
            }
            LOG.warn("security events not accepted by {}: {}", server.getUri(),
                    response == null ? "no answer" : response.getCode());
        } catch (RuntimeException e) {
            LOG.warn("security events not sent: {}", e.getMessage());
        }
        return false;
    }

    /**
     * Whether a reading goes into a Send: a FAULT reading's value means nothing, and on an object
     * without a Measurement Quality Indicator (3305 Power Measurement) it would arrive as a plausible
     * 0 W; it is left out, so the head-end sees a gap there, next to the FAULT flags on the channel's
     * other streams and the Device error code 8.
     */
    private boolean carried(Reading r) {
        return r.quality() != Reading.Quality.FAULT || objects.instanceOf(r.channel()).object().hasQuality();
    }

    TimestampedLwM2mNodes encode(List<StoredReading> batch, boolean withAnnouncement) {
        TimestampedLwM2mNodes.Builder nodes = TimestampedLwM2mNodes.builder();
        for (StoredReading stored : batch) {
            Reading r = stored.reading();
            if (!carried(r)) {
                continue;
            }
            MeasurementInstance instance = objects.instanceOf(r.channel());
            nodes.put(r.at(), objects.valuePath(r),
                    LwM2mSingleResource.newFloatResource(instance.object().valueResource(), r.doubleValue()));
            if (r.quality() != Reading.Quality.GOOD && instance.object().hasQuality()) {
                nodes.put(r.at(), objects.resourcePath(instance, RegistryObject.QUALITY),
                        LwM2mSingleResource.newIntegerResource(RegistryObject.QUALITY,
                                RegistryObject.qualityIndicator(r.quality())));
            }
        }
        if (withAnnouncement) {
            for (MeasurementInstance i : objects.instances()) {
                nodes.put(objects.resourcePath(i, RegistryObject.APPLICATION_TYPE),
                        LwM2mSingleResource.newStringResource(RegistryObject.APPLICATION_TYPE,
                                i.applicationType()));
            }
        }
        return nodes.build();
    }

    /**
     * Our instances are built from config; Leshan still wants a factory per object (for a server
     * Create), so give it one that refuses.
     */
    private static void fixedInstances(ObjectsInitializer init, int objectId, BaseInstanceEnabler... instances) {
        if (instances.length > 0) {
            init.setInstancesForObject(objectId, instances);
        }
        init.setFactoryForObject(objectId, (model, id, used) -> {
            throw new UnsupportedOperationException("object " + objectId + " instances follow the node's config");
        });
    }

    /** The DTLS handshake log, or null for an insecure server. */
    public HandshakeLog handshakes() {
        return security == null ? null : security.handshakes();
    }

    /** The node's DTLS side, or null for an insecure server. */
    public NodeSecurity security() {
        return security;
    }

    private void exchangeSucceeded() {
        if (security != null) {
            security.exchangeSucceeded();
        }
    }

    /**
     * The innermost cause of a failed request; a refused handshake says so (Leshan wraps it in
     * "Unable to send request ..."), otherwise the handshake log's last failure is added.
     */
    private String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof org.eclipse.californium.scandium.dtls.HandshakeException h) {
            String alert = h.getAlert() == null ? null : String.valueOf(h.getAlert().getDescription());
            boolean fromServer = String.valueOf(h.getMessage()).startsWith("Received 'fatal alert");
            return "DTLS handshake failed: " + (fromServer
                    ? "the server refused it (alert " + alert + "): it does not accept this node's key or certificate"
                    : h.getMessage());
        }
        return (root == cause ? cause.getMessage() : cause.getMessage() + ": " + root.getMessage()) + handshakeProblem();
    }

    /** " (DTLS handshake failed: why)" when the last handshake failed, else "". */
    private String handshakeProblem() {
        String why = security == null ? null : security.handshakes().lastFailure();
        return why == null ? "" : " (DTLS handshake failed: " + why + ")";
    }

    private void reconnect(LwM2mServer server) {
        LwM2mClientEndpoint endpoint = client.getEndpoint(server);
        if (endpoint != null) {
            endpoint.forceReconnection(server, true);
        }
    }

    @Override
    public void close() {
        client.destroy(true);
        engine.close();
    }

    private final class RegistrationObserver extends LwM2mClientObserverAdapter {
        private final Runnable onReady;

        RegistrationObserver(Runnable onReady) {
            this.onReady = onReady;
        }

        @Override
        public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String registrationId) {
            LOG.info("registered with {} as '{}' (registration {})", server.getUri(), settings.endpoint(),
                    registrationId);
            announce.set(true);
            registeredServer = server;
            engine.succeeded();
            exchangeSucceeded();
            onReady.run();
        }

        @Override
        public void onRegistrationFailure(LwM2mServer server, RegisterRequest request, ResponseCode code,
                String message, Exception cause) {
            registeredServer = null;
            lastRegistrationProblem = "registration refused by " + server.getUri() + ": "
                    + (code != null ? code + (message == null ? "" : " " + message)
                            : cause != null ? describe(cause) : message);
            LOG.error("{} (check the endpoint name and credentials; readings stay in the outbox)",
                    lastRegistrationProblem);
            events.record(SecurityEvents.REGISTRATION_FAILED, lastRegistrationProblem);
        }

        @Override
        public void onRegistrationTimeout(LwM2mServer server, RegisterRequest request) {
            registeredServer = null;
            String handshake = handshakeProblem();
            lastRegistrationProblem = "no answer to registration from " + server.getUri() + (handshake.isEmpty()
                    ? " (server down or unreachable, or the DTLS handshake failed: check the credentials)"
                    : handshake);
            LOG.error("{}; readings stay in the outbox, retrying", lastRegistrationProblem);
            events.record(SecurityEvents.REGISTRATION_FAILED, lastRegistrationProblem);
        }

        @Override
        public void onUpdateSuccess(LwM2mServer server, UpdateRequest request) {
            registeredServer = server;
            engine.succeeded();
            exchangeSucceeded();
            onReady.run();
        }

        @Override
        public void onUpdateFailure(LwM2mServer server, UpdateRequest request, ResponseCode code, String message,
                Exception cause) {
            LOG.warn("registration update with {} failed: {}", server.getUri(),
                    code != null ? code : cause != null ? cause.getMessage() : message);
        }

        @Override
        public void onBootstrapSuccess(LwM2mServer bsServer, BootstrapRequest request) {
            LOG.info("bootstrapped by {}", bsServer.getUri());
            security.bootstrapped(client.getObjectTree());
        }

        @Override
        public void onBootstrapFailure(LwM2mServer bsServer, BootstrapRequest request, ResponseCode code,
                String message, Exception cause) {
            String problem = "bootstrap with " + bsServer.getUri() + " failed: "
                    + (code != null ? code + (message == null ? "" : " " + message)
                            : cause != null ? describe(cause) : message);
            lastRegistrationProblem = problem;
            LOG.error("{}; readings stay in the outbox", problem);
            events.record(SecurityEvents.BOOTSTRAP_FAILED, problem);
        }

        @Override
        public void onBootstrapTimeout(LwM2mServer bsServer, BootstrapRequest request) {
            lastRegistrationProblem = "no answer to bootstrap from " + bsServer.getUri() + handshakeProblem();
            LOG.error("{}; readings stay in the outbox, retrying", lastRegistrationProblem);
            events.record(SecurityEvents.BOOTSTRAP_FAILED, lastRegistrationProblem);
        }

        @Override
        public void onUnexpectedError(Throwable error) {
            LOG.error("LwM2M client error: {}", error.toString());
        }
    }
}
