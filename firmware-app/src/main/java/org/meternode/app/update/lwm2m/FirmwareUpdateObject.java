package org.meternode.app.update.lwm2m;

import java.util.List;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.core.response.SendResponse;
import org.meternode.app.lwm2m.ObjectContribution;
import org.meternode.app.update.NodeUpdates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Object 5 for the node's LwM2M client, and the trial health probe: on a trial boot, as soon as the
 * node is registered it Sends its object 5 state; the server's acknowledgement confirms the new
 * image (the uplink's first acknowledged batch does too, whichever comes first), so a node whose
 * next reading is 15 minutes away still confirms within seconds.
 */
public final class FirmwareUpdateObject implements ObjectContribution {
    private static final Logger LOG = LoggerFactory.getLogger(FirmwareUpdateObject.class);
    private static final List<String> PROBE_PATHS = List.of("/5/0/3", "/5/0/5", "/5/0/7");
    private static final long PROBE_TIMEOUT_MS = 10_000;

    private final NodeUpdates updates;
    private final FirmwareUpdateEnabler enabler;

    private FirmwareUpdateObject(NodeUpdates updates) {
        this.updates = updates;
        this.enabler = new FirmwareUpdateEnabler(updates.agent());
    }

    public static ObjectContribution of(NodeUpdates updates) {
        return new FirmwareUpdateObject(updates);
    }

    @Override
    public int objectId() {
        return LwM2mId.FIRMWARE;
    }

    @Override
    public LwM2mInstanceEnabler instance() {
        return enabler;
    }

    @Override
    public void attach(LeshanClient client) {
        client.addObserver(new LwM2mClientObserverAdapter() {
            @Override
            public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String registrationId) {
                probe(client, server);
            }

            @Override
            public void onUpdateSuccess(LwM2mServer server, UpdateRequest request) {
                probe(client, server);
            }
        });
    }

    private void probe(LeshanClient client, LwM2mServer server) {
        if (!updates.health().onTrial()) {
            return;
        }
        Thread.ofVirtual().name("meternode-trial-probe").start(() -> {
            try {
                SendResponse r = client.getSendService().sendData(server, ContentFormat.SENML_CBOR, PROBE_PATHS,
                        PROBE_TIMEOUT_MS);
                if (r != null && r.isSuccess()) {
                    updates.health().sendAcknowledged();
                } else {
                    LOG.warn("trial health Send not acknowledged ({}); waiting for the uplink",
                            r == null ? "no answer" : r.getCode());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("trial health Send failed: {}", e.toString());
            }
        });
    }
}
