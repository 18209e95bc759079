package org.meternode.app.lwm2m;

import java.util.List;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.meternode.app.events.SecurityEvent;

/**
 * meternode's private object 26250 "Security Event" (DDF in {@code models/26250.xml}): each event
 * goes up in a Send as the four resources of instance 0 timestamped at the event's time.
 */
public final class SecurityEventObject {
    public static final int OBJECT_ID = 26250;
    public static final int KIND = 0;
    public static final int DETAIL = 1;
    public static final int SUPPRESSED = 2;
    public static final int SEQUENCE = 3;

    private SecurityEventObject() {
    }

    /**
     * Instance /26250/0: registered so the server accepts Sends of it (Leshan checks that a Send
     * only carries registered instances); a Read returns the last event reported.
     */
    static final class Enabler extends BaseInstanceEnabler {
        private volatile SecurityEvent last;

        Enabler() {
            super(0);
        }

        void reported(SecurityEvent event) {
            last = event;
        }

        @Override
        public ReadResponse read(LwM2mServer server, int resourceId) {
            SecurityEvent e = last;
            if (e == null) {
                return ReadResponse.notFound();
            }
            return switch (resourceId) {
                case KIND -> ReadResponse.success(resourceId, e.kind());
                case DETAIL -> ReadResponse.success(resourceId, e.detail());
                case SUPPRESSED -> ReadResponse.success(resourceId, (long) e.suppressed());
                case SEQUENCE -> ReadResponse.success(resourceId, e.seq());
                default -> super.read(server, resourceId);
            };
        }

        @Override
        public List<Integer> getAvailableResourceIds(ObjectModel model) {
            return List.of(KIND, DETAIL, SUPPRESSED, SEQUENCE);
        }
    }

    static TimestampedLwM2mNodes encode(List<SecurityEvent> events) {
        TimestampedLwM2mNodes.Builder nodes = TimestampedLwM2mNodes.builder();
        for (SecurityEvent e : events) {
            nodes.put(e.at(), new LwM2mPath(OBJECT_ID, 0, KIND), LwM2mSingleResource.newStringResource(KIND, e.kind()));
            nodes.put(e.at(), new LwM2mPath(OBJECT_ID, 0, DETAIL),
                    LwM2mSingleResource.newStringResource(DETAIL, e.detail()));
            nodes.put(e.at(), new LwM2mPath(OBJECT_ID, 0, SUPPRESSED),
                    LwM2mSingleResource.newIntegerResource(SUPPRESSED, e.suppressed()));
            nodes.put(e.at(), new LwM2mPath(OBJECT_ID, 0, SEQUENCE),
                    LwM2mSingleResource.newIntegerResource(SEQUENCE, e.seq()));
        }
        return nodes.build();
    }
}
