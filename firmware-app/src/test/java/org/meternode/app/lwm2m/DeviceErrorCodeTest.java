package org.meternode.app.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.junit.jupiter.api.Test;
import org.meternode.app.manage.Health;
import org.meternode.app.manage.NodeManagement;

/** Device resource 11: error code 5 while the outbox cannot store intervals, cleared when it can again. */
class DeviceErrorCodeTest {
    private static Health health(String storeProblem) {
        return new Health("meter-test", "0.1.0", "test", true, "registered", 0, Optional.empty(), Optional.empty(), 0,
                "", 0, 1, 1L << 30, "test clock", Instant.EPOCH, 0, 0, "", storeProblem, "");
    }

    @Test
    void code_5_rises_while_storing_fails_and_clears_when_it_works() {
        java.util.concurrent.atomic.AtomicReference<Health> now = new java.util.concurrent.atomic.AtomicReference<>();
        NodeManagement node = (NodeManagement) java.lang.reflect.Proxy.newProxyInstance(
                NodeManagement.class.getClassLoader(), new Class<?>[] {NodeManagement.class}, (proxy, m, args) -> {
                    if (m.getName().equals("health")) {
                        return now.get();
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        DeviceEnabler device = new DeviceEnabler(node, Clock.systemUTC(), "m", "s", "0.1.0", "test");

        now.set(health(""));
        assertThat(codes(device)).containsExactly(0L);
        now.set(health("outbox cannot store intervals since 2026-03-01T10:00:00Z: SQLITE_FULL"));
        assertThat(codes(device)).containsExactly(5L);
        now.set(health(""));
        assertThat(codes(device)).containsExactly(0L);
    }

    private static java.util.Collection<Object> codes(DeviceEnabler device) {
        LwM2mMultipleResource r = (LwM2mMultipleResource) device.read(null, 11).getContent();
        return r.getInstances().values().stream().map(i -> (Object) i.getValue()).toList();
    }
}
