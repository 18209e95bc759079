package org.meternode.tools.headend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SecurityEventStore} must do: dedup by (endpoint, time, kind), order, reopen. */
public abstract class SecurityEventStoreContract {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    protected SecurityEventStore events;

    protected abstract SecurityEventStore openEmpty();

    protected abstract SecurityEventStore reopen();

    @BeforeEach
    void open() {
        events = openEmpty();
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void new_events_are_returned_and_a_resend_is_not() {
        NodeSecurityEvent tamper = new NodeSecurityEvent("meter-1", T0, "TAMPER", "cover opened", 0, 1);
        NodeSecurityEvent psk = new NodeSecurityEvent("meter-1", T0.plusSeconds(5), "HANDSHAKE_FAILED", "bad PSK", 3, 2);

        assertThat(events.store(List.of(tamper, psk))).containsExactly(tamper, psk);
        assertThat(events.store(List.of(tamper))).isEmpty();
        assertThat(events.store(List.of(new NodeSecurityEvent("meter-2", T0, "TAMPER", "cover opened", 0, 1))))
                .hasSize(1);
        assertThat(events.events("meter-1")).containsExactly(tamper, psk);
    }

    @Test
    void events_come_back_oldest_first_and_survive_a_reopen() {
        NodeSecurityEvent late = new NodeSecurityEvent("meter-1", T0.plusSeconds(60), "CLOCK_JUMP", "+3600 s", 0, 2);
        NodeSecurityEvent early = new NodeSecurityEvent("meter-1", T0, "TAMPER", "", 0, 1);
        events.store(List.of(late, early));
        events.close();

        events = reopen();

        assertThat(events.events("meter-1")).containsExactly(early, late);
        assertThat(events.events("nobody")).isEmpty();
    }
}
