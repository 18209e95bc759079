package org.meternode.hal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.meternode.hal.bus.fake.VirtualSleeper;

/** The keeper feeds while the app's liveness check holds, and stops once it has failed for a window. */
class WatchdogKeeperTest {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private static final class CountingWatchdog implements Watchdog {
        int feeds;

        @Override
        public void feed() {
            feeds++;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void feeds_while_alive_and_starves_a_window_after_liveness_fails() throws Exception {
        CountingWatchdog watchdog = new CountingWatchdog();
        VirtualSleeper time = new VirtualSleeper();
        AtomicBoolean alive = new AtomicBoolean(true);
        WatchdogKeeper keeper = new WatchdogKeeper(watchdog, time, WINDOW, alive::get);

        for (int i = 0; i < 100; i++) { // 100 feeds 5 s apart: far longer than the window
            assertThat(keeper.feedIfHealthy()).isTrue();
            time.advance(Duration.ofSeconds(5));
        }
        alive.set(false);
        time.advance(Duration.ofSeconds(55));
        assertThat(keeper.feedIfHealthy()).as("still inside the window").isTrue();
        time.advance(Duration.ofSeconds(10));
        assertThat(keeper.feedIfHealthy()).as("a window without liveness").isFalse();
        alive.set(true);
        assertThat(keeper.feedIfHealthy()).as("alive again").isTrue();
        assertThat(watchdog.feeds).isEqualTo(102);
    }
}
