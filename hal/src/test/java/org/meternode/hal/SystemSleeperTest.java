package org.meternode.hal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The system sleeper on a clock the test steps; real waits of a few milliseconds. */
class SystemSleeperTest {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger stepAt = new java.util.concurrent.atomic.AtomicInteger(-1);
    private final AtomicReference<Duration> stepBy = new AtomicReference<>(Duration.ZERO);
    private final Clock system = Clock.systemUTC();
    private final Clock stepped = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            if (reads.incrementAndGet() == stepAt.get()) {
                offset.accumulateAndGet(stepBy.get(), Duration::plus);
            }
            return system.instant().plus(offset.get());
        }
    };
    private final SystemSleeper sleeper = new SystemSleeper(stepped, System::nanoTime);

    @Test
    void a_step_back_during_a_wait_ends_it_instead_of_adding_an_hour() throws Exception {
        Instant deadline = stepped.instant().plusMillis(50);
        stepBackAtRead(2, Duration.ofHours(-1)); // the sleeper's first look after its first wait

        long started = System.nanoTime();
        sleeper.sleepUntil(deadline);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(stepped.instant()).isBefore(deadline);
    }

    @Test
    void with_a_signal_a_step_back_returns_false_and_a_reached_deadline_true() throws Exception {
        WakeSignal wake = new WakeSignal();
        assertThat(sleeper.sleepUntil(stepped.instant().plusMillis(20), wake)).isTrue();

        Instant deadline = stepped.instant().plusMillis(50);
        stepBackAtRead(2, Duration.ofHours(-1));

        assertThat(sleeper.sleepUntil(deadline, wake)).isFalse();
    }

    /** The clock's {@code n}-th read from now on (1 = next) is the first one after a step by {@code step}. */
    private void stepBackAtRead(int n, Duration step) {
        reads.set(0);
        stepAt.set(n);
        stepBy.set(step);
    }

    @Test
    void a_signal_given_before_the_wait_wakes_it_at_once() throws Exception {
        WakeSignal wake = new WakeSignal();
        wake.signal();

        assertThat(sleeper.sleepUntil(stepped.instant().plus(Duration.ofHours(1)), wake)).isFalse();
        assertThat(wake.take()).as("the signal was used up").isFalse();
    }
}
