package org.meternode.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.meternode.app.events.SecurityEvents;
import org.meternode.hal.AnalogChannel;
import org.meternode.hal.Board;
import org.meternode.hal.DigitalInput;
import org.meternode.hal.DigitalOutput;
import org.meternode.hal.PulseCounter;
import org.meternode.hal.PulseInput;
import org.meternode.hal.Sleeper;
import org.meternode.hal.Watchdog;

/** Watchdog fed only while the loop is on schedule, tamper edges as security events, the status LED. */
class BoardSupervisionTest {
    private final AtomicInteger feeds = new AtomicInteger();
    private final AtomicBoolean enclosureOpen = new AtomicBoolean(false);
    private final List<Boolean> led = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final SecurityEvents log = (kind, detail) -> events.add(kind + ": " + detail);

    /** A board with only the extras, on the system clock (or the sleeper given). */
    private final class ExtrasBoard implements Board {
        private final Sleeper sleeper;

        ExtrasBoard() {
            this(Sleeper.system());
        }

        ExtrasBoard(Sleeper sleeper) {
            this.sleeper = sleeper;
        }

        @Override
        public String name() {
            return "extras";
        }

        @Override
        public Sleeper sleeper() {
            return sleeper;
        }

        @Override
        public PulseCounter pulseCounter(PulseInput input) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AnalogChannel analogChannel(String channel, String input) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DigitalInput digitalInput(String channel, String pin) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DigitalOutput digitalOutput(String channel, String pin) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Watchdog> watchdog() {
            return Optional.of(new Watchdog() {
                @Override
                public void feed() {
                    feeds.incrementAndGet();
                }

                @Override
                public void close() {
                }
            });
        }

        @Override
        public Optional<DigitalInput> tamper() {
            return Optional.of(enclosureOpen::get);
        }

        @Override
        public Optional<DigitalOutput> statusLed() {
            return Optional.of(led::add);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void the_watchdog_is_fed_while_the_loop_is_on_schedule() throws Exception {
        // Starving once the loop is late is WatchdogKeeperTest's (virtual time); here: the keeper runs.
        try (BoardSupervision s = BoardSupervision.open(new ExtrasBoard(), log, () -> true, () -> true)) {
            s.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> feeds.get() >= 2);
        }
        assertThat(feeds.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void a_dead_or_stuck_uplink_stops_the_watchdog_feeding_while_sampling_goes_on() throws Exception {
        org.meternode.hal.bus.fake.VirtualSleeper time = new org.meternode.hal.bus.fake.VirtualSleeper();
        AtomicBoolean uplinkLive = new AtomicBoolean(true);
        try (BoardSupervision s = BoardSupervision.open(new ExtrasBoard(time), log, () -> true, uplinkLive::get)) {
            assertThat(s.feedWatchdog()).as("sampling and uplink live").isTrue();

            uplinkLive.set(false);
            time.advance(BoardSupervision.LATE_GRACE.plusSeconds(1));

            assertThat(s.feedWatchdog()).as("the sampler is on schedule, the uplink is not live: no feed").isFalse();
            uplinkLive.set(true);
            assertThat(s.feedWatchdog()).as("uplink back").isTrue();
        }
        assertThat(feeds.get()).isEqualTo(2);
    }

    @Test
    void tamper_edges_become_security_events_and_a_closed_start_is_quiet() throws Exception {
        try (BoardSupervision s = BoardSupervision.open(new ExtrasBoard(), log, () -> true, () -> true)) {
            s.start();
            assertThat(s.enclosureOpen()).contains(false);
            enclosureOpen.set(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
            enclosureOpen.set(false);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
        }
        assertThat(events).containsExactly("tamper: enclosure opened (tamper switch open)",
                "tamper: enclosure closed (tamper switch closed)");
    }

    @Test
    void the_led_follows_delivery_and_goes_dark_at_close() throws Exception {
        try (BoardSupervision s = BoardSupervision.open(new ExtrasBoard(), log, () -> true, () -> true)) {
            s.showDelivering(() -> true);
            s.showDelivering(() -> true);
            s.showDelivering(() -> false);
            s.showDelivering(() -> true);
        }
        assertThat(led).containsExactly(true, false, true, false);
    }

    @Test
    void under_systemd_it_says_ready_pings_while_healthy_and_says_stopping(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Path said = dir.resolve("said");
        SystemdNotify n = new SystemdNotify(SystemdNotifyTest.recorder(dir, said, 0).toString(),
                java.util.Optional.of(Duration.ofMinutes(10)));
        try (BoardSupervision s = BoardSupervision.open(new ExtrasBoard(), log, () -> true, () -> true,
                java.util.Optional.of(n))) {
            s.ready("up");
            assertThat(s.pingSystemd()).isTrue();
            s.stopping();
        }
        assertThat(java.nio.file.Files.readAllLines(said)).containsExactly("READY=1 STATUS=up", "WATCHDOG=1",
                "STOPPING=1");
    }

    @Test
    void outside_systemd_nothing_is_sent() throws Exception {
        try (BoardSupervision s = BoardSupervision.open(new ExtrasBoard(), log, () -> true, () -> true,
                java.util.Optional.empty())) {
            s.ready("up");
            assertThat(s.pingSystemd()).isFalse();
        }
    }
}
