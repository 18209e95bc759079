package org.meternode.app.lwm2m;

import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;

/**
 * An LwM2M object another feature adds to the node's client (e.g. /5 Firmware Update from
 * {@code org.meternode.app.update.lwm2m}): its id, its single instance, and a hook to observe the
 * client once it exists.
 */
public interface ObjectContribution {
    int objectId();

    LwM2mInstanceEnabler instance();

    /** Called once, right after the Leshan client was built. */
    default void attach(LeshanClient client) {
    }
}
