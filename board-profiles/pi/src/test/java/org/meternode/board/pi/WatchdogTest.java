package org.meternode.board.pi;

import org.meternode.hal.Watchdog;
import org.meternode.hal.WatchdogKeeper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.Sleeper;
import org.meternode.hal.bus.fake.VirtualSleeper;

/** A temp file stands in for /dev/watchdog: every feed and the magic close are bytes in it. */
class WatchdogTest {
    private static final Duration WINDOW = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    private final VirtualSleeper time = new VirtualSleeper();

    private Path device() throws IOException {
        return Files.createFile(dir.resolve("watchdog"));
    }

    private static String written(Path device) throws IOException {
        return Files.readString(device, StandardCharsets.US_ASCII);
    }

    @Test
    void fed_only_while_the_app_says_it_is_healthy_and_disarmed_on_close() throws Exception {
        Path device = device();
        PiBoard board = new PiBoardProvider(o -> MockPi4j.mockPlugins(), time)
                .open(BoardOptions.of(Map.of("watchdog", device.toString()), dir));
        Watchdog watchdog = board.watchdog().orElseThrow();
        WatchdogKeeper keeper = new WatchdogKeeper(watchdog, time, WINDOW);

        assertThat(keeper.feedIfHealthy()).as("within the window from the start").isTrue();
        time.advance(Duration.ofSeconds(90));
        keeper.healthy();
        time.advance(Duration.ofSeconds(100));
        assertThat(keeper.feedIfHealthy()).as("100 s after the last healthy loop").isTrue();
        time.advance(Duration.ofSeconds(21));
        assertThat(keeper.feedIfHealthy()).as("121 s: the loop hangs, feeding stops").isFalse();
        assertThat(keeper.feedIfHealthy()).isFalse();
        assertThat(written(device)).isEqualTo("..");

        keeper.healthy();
        assertThat(keeper.feedIfHealthy()).as("healthy again").isTrue();
        board.close();
        assertThat(written(device)).isEqualTo("...V");
    }

    @Test
    void a_closed_watchdog_is_not_fed_and_closes_once() throws Exception {
        Path device = device();
        DevWatchdog watchdog = DevWatchdog.open(device);
        watchdog.feed();
        watchdog.close();
        watchdog.close();
        assertThatThrownBy(watchdog::feed).isInstanceOf(IOException.class).hasMessage("watchdog " + device + " is closed");
        assertThat(written(device)).isEqualTo(".V");
    }

    @Test
    void a_pending_interrupt_does_not_cost_the_magic_close() throws Exception {
        Path device = device();
        DevWatchdog watchdog = DevWatchdog.open(device);
        Thread.currentThread().interrupt();
        try {
            watchdog.close();
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(written(device)).isEqualTo("V");
    }

    @Test
    void the_keeper_thread_feeds_until_closed() throws Exception {
        CountDownLatch feeds = new CountDownLatch(3);
        Watchdog counting = new Watchdog() {
            @Override
            public void feed() {
                feeds.countDown();
            }

            @Override
            public void close() {
            }
        };
        WatchdogKeeper keeper = new WatchdogKeeper(counting, Sleeper.system(), Duration.ofMinutes(1));
        keeper.start(Duration.ofMillis(5));
        assertThat(feeds.await(5, TimeUnit.SECONDS)).isTrue();
        keeper.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("meternode-watchdog"));
    }

    @Test
    void a_missing_device_names_the_option_and_how_to_enable_it() {
        Path missing = dir.resolve("watchdog9");
        assertThatThrownBy(() -> new PiBoardProvider(o -> MockPi4j.mockPlugins(), time)
                .open(BoardOptions.of(Map.of("watchdog", missing.toString()), dir)))
                .isInstanceOf(BoardException.class)
                .hasMessage("board-options.watchdog: " + missing
                        + " does not exist (enable the watchdog with dtparam=watchdog=on in config.txt)");
    }

    @Test
    void nonsense_windows_and_intervals_are_refused() throws Exception {
        try (DevWatchdog watchdog = DevWatchdog.open(device())) {
            assertThatThrownBy(() -> new WatchdogKeeper(watchdog, time, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
            WatchdogKeeper keeper = new WatchdogKeeper(watchdog, time, WINDOW);
            assertThatThrownBy(() -> keeper.start(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
