package org.meternode.tools.headend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.meternode.app.lwm2m.SecurityEventObject;

/** A security event a node reported (object 26250), as the head-end stores it. */
public record NodeSecurityEvent(String endpoint, Instant at, String kind, String detail, long suppressed, long seq) {

    /** The events in one Send (none when it carries only readings). */
    static List<NodeSecurityEvent> extract(String endpoint, TimestampedLwM2mNodes data) {
        List<NodeSecurityEvent> out = new ArrayList<>();
        for (Instant at : data.getTimestamps()) {
            if (at == null) {
                continue;
            }
            Map<LwM2mPath, LwM2mNode> nodes = data.getNodesAt(at);
            Object kind = value(nodes, SecurityEventObject.KIND);
            if (kind != null) {
                Object detail = value(nodes, SecurityEventObject.DETAIL);
                Object suppressed = value(nodes, SecurityEventObject.SUPPRESSED);
                Object seq = value(nodes, SecurityEventObject.SEQUENCE);
                out.add(new NodeSecurityEvent(endpoint, at, kind.toString(), detail == null ? "" : detail.toString(),
                        suppressed instanceof Number n ? n.longValue() : 0, seq instanceof Number s ? s.longValue() : 0));
            }
        }
        return out;
    }

    private static Object value(Map<LwM2mPath, LwM2mNode> nodes, int resource) {
        LwM2mNode node = nodes.get(new LwM2mPath(SecurityEventObject.OBJECT_ID, 0, resource));
        return node instanceof LwM2mSingleResource r ? r.getValue() : null;
    }
}
