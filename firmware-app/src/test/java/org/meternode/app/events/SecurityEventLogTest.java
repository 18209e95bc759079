package org.meternode.app.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.outbox.Outbox;

/** The events table: rate limit per kind with a suppressed count, reporting, and the outbox sharing the file. */
class SecurityEventLogTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

    @Test
    void at_most_n_per_minute_per_kind_and_the_next_one_carries_the_suppressed_count() {
        try (SecurityEventLog log = SecurityEventLog.open(dir.resolve("outbox.db"), clock, 3)) {
            for (int i = 0; i < 10; i++) {
                log.record(SecurityEvents.HANDSHAKE_FAILED, "attempt " + i);
                clock.advance(Duration.ofSeconds(1));
            }
            log.record(SecurityEvents.TAMPER, "lid opened");
            clock.advance(Duration.ofMinutes(1));
            log.record(SecurityEvents.HANDSHAKE_FAILED, "attempt 10");

            List<SecurityEvent> events = log.all();
            assertThat(events).extracting(SecurityEvent::detail)
                    .containsExactly("attempt 0", "attempt 1", "attempt 2", "lid opened", "attempt 10");
            assertThat(events.get(4).suppressed()).isEqualTo(7);
            assertThat(events).extracting(SecurityEvent::at).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void suppressed_events_no_later_event_carries_are_written_at_close() {
        try (SecurityEventLog log = SecurityEventLog.open(dir.resolve("outbox.db"), clock, 1)) {
            log.record(SecurityEvents.REGISTRATION_FAILED, "one");
            log.record(SecurityEvents.REGISTRATION_FAILED, "two");
            log.record(SecurityEvents.REGISTRATION_FAILED, "three");
        }
        try (SecurityEventLog log = SecurityEventLog.open(dir.resolve("outbox.db"), clock, 1)) {
            assertThat(log.all()).extracting(SecurityEvent::suppressed).containsExactly(0, 2);
        }
    }

    @Test
    void reported_events_are_marked_and_new_ones_wake_the_reporter() {
        AtomicInteger wakes = new AtomicInteger();
        try (SecurityEventLog log = SecurityEventLog.open(dir.resolve("outbox.db"), clock, 5)) {
            log.onRecorded(wakes::incrementAndGet);
            log.record(SecurityEvents.CONFIG_WRITTEN, "a");
            log.record(SecurityEvents.UPDATE_ATTEMPT, "b");
            List<SecurityEvent> pending = log.unreported(10);

            log.markReported(pending.get(0).seq());

            assertThat(log.unreported(10)).extracting(SecurityEvent::detail).containsExactly("b");
            assertThat(wakes).hasValue(2);
        }
    }

    @Test
    void a_credential_fingerprint_change_between_starts_is_an_event() {
        try (SecurityEventLog log = SecurityEventLog.open(dir.resolve("outbox.db"), clock, 5)) {
            log.noteCredentials("f1", "Psk[identity=a]");
            log.noteCredentials("f1", "Psk[identity=a]");
            log.noteCredentials("f2", "Rpk[node key 1234]");

            assertThat(log.all()).extracting(SecurityEvent::kind).containsExactly(SecurityEvents.CREDENTIAL_CHANGED);
            assertThat(log.all().get(0).detail()).contains("Rpk[node key 1234]");
        }
    }

    @Test
    void events_live_beside_the_outbox_in_the_same_file() {
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"));
                SecurityEventLog log = SecurityEventLog.open(dir.resolve("outbox.db"), clock, 5)) {
            log.record(SecurityEvents.TAMPER, "cover");
            assertThat(outbox.pendingCount()).isZero();
            assertThat(log.all()).hasSize(1);
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
