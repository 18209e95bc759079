package org.meternode.tools.fleet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.leshan.client.californium.request.CoapRequestBuilder;
import org.eclipse.leshan.core.californium.identity.IdentityHandler;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.core.request.UplinkRequest;

/**
 * One virtual node's way to the head-end: its own DTLS (PSK) connector and UDP socket, run on the
 * fleet's shared executor. Leshan's client request builder turns LwM2M Register and Send requests
 * into CoAP, with the node's own SenML-CBOR encoder, so the bytes are those a real node sends.
 */
final class NodeLink implements AutoCloseable {
    /** What came back: a CoAP response code (2.01, 2.04, 4.00, ...) or why none came. */
    record Answer(String code, boolean success, List<String> location, String failure) {
        static Answer failed(String kind) {
            return new Answer(null, false, List.of(), kind);
        }
    }

    private static final IdentityHandler TO_ADDRESS = new IdentityHandler() {
        @Override
        public LwM2mPeer getIdentity(org.eclipse.californium.core.coap.Message message) {
            return new IpPeer(message.getSourceContext().getPeerAddress());
        }

        @Override
        public EndpointContext createEndpointContext(LwM2mPeer peer, boolean allowConnectionInitiation) {
            return new AddressEndpointContext(((IpPeer) peer).getSocketAddress());
        }
    };

    private final FleetNetwork network;
    private final DTLSConnector connector;
    private final CoapEndpoint endpoint;

    NodeLink(FleetNetwork network, String identity, byte[] key) {
        this.network = network;
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(network.config())
                .setAddress(new InetSocketAddress(network.server().getAddress().isLoopbackAddress()
                        ? network.server().getAddress() : null, 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
                .setLoggingTag(identity)
                .build();
        this.connector = new DTLSConnector(dtls);
        connector.setExecutor(network.executor());
        this.endpoint = new CoapEndpoint.Builder().setConfiguration(network.config()).setConnector(connector).build();
        endpoint.setExecutors(network.executor(), network.executor());
    }

    void start() throws IOException {
        endpoint.start();
    }

    /**
     * Sends {@code request}; {@code done} gets exactly one answer, at the latest after {@code timeout}
     * (then the exchange is cancelled and the answer is "timeout").
     */
    void exchange(UplinkRequest<?> request, Duration timeout, Consumer<Answer> done) {
        CoapRequestBuilder builder = new CoapRequestBuilder(new IpPeer(network.server()), network.encoder(),
                network.model(), network.links(), TO_ADDRESS);
        request.accept(builder);
        Request coap = builder.getRequest();
        AtomicBoolean answered = new AtomicBoolean();
        Consumer<Answer> once = a -> {
            if (answered.compareAndSet(false, true)) {
                // Never inside Californium's callback: the node may start its next exchange from here.
                network.executor().execute(() -> done.accept(a));
            }
        };
        ScheduledFuture<?> deadline = network.executor().schedule(() -> {
            once.accept(Answer.failed("timeout"));
            coap.cancel();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        coap.addMessageObserver(new MessageObserverAdapter() {
            @Override
            public void onResponse(Response response) {
                deadline.cancel(false);
                once.accept(new Answer(response.getCode().text, response.isSuccess(),
                        response.getOptions().getLocationPath(), null));
            }

            @Override
            public void onReject() {
                deadline.cancel(false);
                once.accept(Answer.failed("rejected"));
            }

            @Override
            protected void failed() {
                // timeout, cancel or send error: the deadline above (or onSendError) reports it
            }

            @Override
            public void onSendError(Throwable error) {
                deadline.cancel(false);
                once.accept(Answer.failed(error instanceof org.eclipse.californium.scandium.dtls.DtlsHandshakeTimeoutException
                        ? "handshake-timeout" : "send-error"));
            }
        });
        endpoint.sendRequest(coap);
    }

    /** Drops the DTLS session, so the next exchange starts with a full handshake. */
    void forgetSession() {
        connector.clearConnectionState();
    }

    @Override
    public void close() {
        endpoint.destroy();
    }
}
