package org.meternode.app.lwm2m;

import org.eclipse.leshan.client.send.DataSender;
import org.eclipse.leshan.client.send.DataSenderManager;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.response.SendResponse;

/** Leshan's hook for sending timestamped data we collected ourselves (from the outbox). */
final class OutboxDataSender implements DataSender {
    static final String NAME = "meternode-outbox";

    private volatile DataSenderManager manager;

    @Override
    public void setDataSenderManager(DataSenderManager manager) {
        this.manager = manager;
    }

    @Override
    public String getName() {
        return NAME;
    }

    /** Sends as SenML-CBOR; null when no answer came within the timeout. */
    SendResponse send(LwM2mServer server, TimestampedLwM2mNodes nodes, long timeoutMs) throws InterruptedException {
        return manager.sendData(server, ContentFormat.SENML_CBOR, nodes, timeoutMs);
    }
}
