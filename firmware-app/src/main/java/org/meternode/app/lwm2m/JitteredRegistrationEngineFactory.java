package org.meternode.app.lwm2m;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.leshan.client.EndpointsManager;
import org.eclipse.leshan.client.bootstrap.BootstrapHandler;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.engine.RegistrationEngine;
import org.eclipse.leshan.client.observer.LwM2mClientObserver;
import org.eclipse.leshan.client.request.UplinkRequestSender;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.util.NamedThreadFactory;
import org.meternode.app.uplink.JitteredBackoff;

/**
 * Leshan's registration engine with full-jitter retries. Leshan 2.0.0-M15 waits a fixed
 * {@code retryWaitingTimeInMs} before each new Register (or client-initiated Bootstrap) after a
 * failure, so nodes cut off together come back together; the engine's scheduler is wrapped so that
 * each such wait is drawn from {@link JitteredBackoff} instead, reset by a successful registration.
 */
final class JitteredRegistrationEngineFactory extends DefaultRegistrationEngineFactory {
    private final JitteredBackoff retries;
    /** The fixed wait Leshan asks for; only tasks scheduled with exactly it are retries. */
    private final long fixedRetryMillis;
    private ScheduledExecutorService own;

    /** @param retries where the waits come from; {@code fixedRetry} is what Leshan would wait (and logs) */
    JitteredRegistrationEngineFactory(JitteredBackoff retries, Duration fixedRetry) {
        this.retries = retries;
        this.fixedRetryMillis = fixedRetry.toMillis();
        setRetryWaitingTimeInMs(Math.toIntExact(fixedRetryMillis));
    }

    /** Registered (or updated, or bootstrapped): the next failure waits from [0, base) again. */
    void succeeded() {
        retries.reset();
    }

    @Override
    public synchronized RegistrationEngine createRegistratioEngine(String endpoint, LwM2mObjectTree objectTree,
            EndpointsManager endpointsManager, UplinkRequestSender requestSender, BootstrapHandler bootstrapState,
            LwM2mClientObserver observer, Map<String, String> additionalAttributes,
            Map<String, String> bsAdditionalAttributes, Set<ContentFormat> supportedContentFormats,
            ScheduledExecutorService sharedExecutor, LinkFormatHelper linkFormatHelper) {
        ScheduledExecutorService scheduler = sharedExecutor;
        if (scheduler == null) {
            // What the engine would make itself; handed over as "shared", so close() stops it.
            own = Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("RegistrationEngine#%d"));
            scheduler = own;
        }
        return super.createRegistratioEngine(endpoint, objectTree, endpointsManager, requestSender, bootstrapState,
                observer, additionalAttributes, bsAdditionalAttributes, supportedContentFormats,
                new JitteredRetryScheduler(scheduler, retries, fixedRetryMillis), linkFormatHelper);
    }

    /** Stops the scheduler made here (after the client was destroyed). */
    synchronized void close() {
        if (own != null) {
            own.shutdownNow();
        }
    }
}
