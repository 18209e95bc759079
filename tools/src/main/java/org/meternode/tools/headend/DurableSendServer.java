package org.meternode.tools.headend;

import org.eclipse.leshan.core.link.lwm2m.LwM2mLinkParser;
import org.eclipse.leshan.core.node.codec.LwM2mDecoder;
import org.eclipse.leshan.core.node.codec.LwM2mEncoder;
import org.eclipse.leshan.core.request.SendRequest;
import org.eclipse.leshan.core.response.SendResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.endpoint.LwM2mServerEndpointsProvider;
import org.eclipse.leshan.server.model.LwM2mModelProvider;
import org.eclipse.leshan.server.queue.ClientAwakeTimeProvider;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationDataExtractor;
import org.eclipse.leshan.server.registration.RegistrationIdProvider;
import org.eclipse.leshan.server.registration.RegistrationStore;
import org.eclipse.leshan.server.security.Authorizer;
import org.eclipse.leshan.server.security.SecurityStore;
import org.eclipse.leshan.server.security.ServerSecurityInfo;
import org.eclipse.leshan.server.send.SendHandler;

/**
 * A Leshan server that stores each Send <em>before</em> answering it. Leshan's own SendHandler
 * answers 2.04 first and tells listeners afterwards, so a head-end crash in between would lose
 * readings the node already deleted; here a storage failure answers 5.00 (5.03 while the store's
 * engine is unreachable, logged once per outage) and the node keeps them.
 */
final class DurableSendServer {
    /** 5.03: Leshan's SendResponse has no constant for it, but passes any code through. */
    static final org.eclipse.leshan.core.ResponseCode SERVICE_UNAVAILABLE =
            new org.eclipse.leshan.core.ResponseCode(503, "SERVICE_UNAVAILABLE");
    /** Stores a validated Send; throws if it is not safely stored. */
    @FunctionalInterface
    interface SendSink {
        void store(Registration registration, SendRequest request) throws Exception;
    }

    /** Decides whether a decoded Send may be stored: null to go on, or the refusal to answer. */
    @FunctionalInterface
    interface SendCheck {
        SendResponse refusal(Registration registration, SendRequest request);
    }

    private record Hooks(SendCheck check, SendSink sink) {
    }

    private DurableSendServer() {
    }

    static LeshanServerBuilder builder(SendSink sink) {
        return new Builder(new Hooks((registration, request) -> null, sink));
    }

    /** Runs {@code check} on each Send first; a refused Send is answered and never reaches the sink. */
    static LeshanServerBuilder builder(SendCheck check, SendSink sink) {
        return new Builder(new Hooks(check, sink));
    }

    // Leshan creates the SendHandler inside LeshanServer's constructor, before a subclass can set a
    // field; the sink travels through this thread-local for that one call.
    private static final ThreadLocal<Hooks> CONSTRUCTING = new ThreadLocal<>();

    private static final class Builder extends LeshanServerBuilder {
        private final Hooks sink;

        Builder(Hooks sink) {
            this.sink = sink;
        }

        @Override
        protected LeshanServer createServer(LwM2mServerEndpointsProvider endpointsProvider,
                RegistrationStore registrationStore, SecurityStore securityStore, Authorizer authorizer,
                LwM2mModelProvider modelProvider, LwM2mEncoder encoder, LwM2mDecoder decoder, boolean noQueueMode,
                ClientAwakeTimeProvider awakeTimeProvider, RegistrationIdProvider registrationIdProvider,
                RegistrationDataExtractor registrationDataExtractor, LwM2mLinkParser linkParser,
                ServerSecurityInfo serverSecurityInfo, boolean updateRegistrationOnNotification,
                boolean updateRegistrationOnSend) {
            CONSTRUCTING.set(sink);
            try {
                return new Server(endpointsProvider, registrationStore, securityStore, authorizer, modelProvider,
                        encoder, decoder, noQueueMode, awakeTimeProvider, registrationIdProvider,
                        registrationDataExtractor, updateRegistrationOnNotification, updateRegistrationOnSend,
                        linkParser, serverSecurityInfo);
            } finally {
                CONSTRUCTING.remove();
            }
        }
    }

    private static final class Server extends LeshanServer {
        Server(LwM2mServerEndpointsProvider endpointsProvider, RegistrationStore registrationStore,
                SecurityStore securityStore, Authorizer authorizer, LwM2mModelProvider modelProvider,
                LwM2mEncoder encoder, LwM2mDecoder decoder, boolean noQueueMode,
                ClientAwakeTimeProvider awakeTimeProvider, RegistrationIdProvider registrationIdProvider,
                RegistrationDataExtractor registrationDataExtractor, boolean updateRegistrationOnNotification,
                boolean updateRegistrationOnSend, LwM2mLinkParser linkParser, ServerSecurityInfo serverSecurityInfo) {
            super(endpointsProvider, registrationStore, securityStore, authorizer, modelProvider, encoder, decoder,
                    noQueueMode, awakeTimeProvider, registrationIdProvider, registrationDataExtractor,
                    updateRegistrationOnNotification, updateRegistrationOnSend, linkParser, serverSecurityInfo);
        }

        @Override
        protected SendHandler createSendHandler(RegistrationStore registrationStore, boolean updateRegistrationOnSend) {
            return new StoringSendHandler(registrationStore, updateRegistrationOnSend, CONSTRUCTING.get());
        }
    }

    private static final class StoringSendHandler extends SendHandler {
        private final Hooks sink;
        private final StoreOutage outage = new StoreOutage(java.time.Clock.systemUTC());

        StoringSendHandler(RegistrationStore store, boolean updateRegistrationOnSend, Hooks sink) {
            super(store, updateRegistrationOnSend);
            this.sink = sink;
        }

        @Override
        protected SendResponse validateSendRequest(Registration registration, SendRequest request) {
            SendResponse validation = super.validateSendRequest(registration, request);
            if (!validation.isSuccess()) {
                return validation;
            }
            SendResponse refusal = sink.check().refusal(registration, request);
            if (refusal != null) {
                return refusal;
            }
            try {
                sink.sink().store(registration, request);
                outage.stored();
                return validation;
            } catch (StoreUnavailableException e) {
                outage.refused(e);
                return new SendResponse(SERVICE_UNAVAILABLE,
                        "head-end storage unavailable; send again later");
            } catch (Exception e) {
                return SendResponse.internalServerError("head-end could not store the readings: " + e.getMessage());
            }
        }
    }
}
