package org.meternode.board.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.meternode.board.linux.FakeKernel.appendBytes;
import static org.meternode.board.linux.FakeKernel.appendEvents;
import static org.meternode.board.linux.FakeKernel.press;
import static org.meternode.board.linux.FakeKernel.release;
import static org.meternode.board.linux.FakeKernel.syn;
import static org.meternode.board.linux.LinuxTesting.map;
import static org.meternode.board.linux.LinuxTesting.pulse;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;
import org.meternode.hal.PulseCount;
import org.meternode.hal.bus.fake.VirtualSleeper;

class InputEventPulseCounterTest {
    private static final int BTN_0 = 256;
    private static final long T0 = 1_767_225_600_000_000L;
    private static final Duration SETTLE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final VirtualSleeper time = new VirtualSleeper(Instant.parse("2026-03-01T12:00:00Z"));
    private LinuxBoard board;
    private Path device;

    @AfterEach
    void close() {
        if (board != null) {
            board.close();
        }
    }

    private InputEventPulseCounter counter(Duration debounce) throws BoardException {
        FakeKernel kernel = new FakeKernel(dir);
        device = kernel.inputDevice("input/event3");
        board = LinuxTesting.open(kernel, time, map("pins", map(
                "GPIO17", map("kind", "input-event", "device", "input/event3", "code", BTN_0))));
        return (InputEventPulseCounter) board.pulseCounter(pulse("grid", "GPIO17", debounce));
    }

    /** Waits until {@code counter} reached {@code total}; events are handled in order, so all before it were seen. */
    private static void awaitTotal(InputEventPulseCounter counter, long total) {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(5)).until(() -> counter.read().total() >= total);
    }

    @Test
    void counts_presses_of_its_key_and_ignores_everything_else() throws Exception {
        InputEventPulseCounter counter = counter(Duration.ZERO);
        appendEvents(device,
                press(BTN_0, T0), syn(T0),
                release(BTN_0, T0 + 60_000), syn(T0 + 60_000),
                new InputEvent(T0 + 500_000, InputEvent.EV_KEY, BTN_0, InputEvent.KEY_REPEAT),
                press(BTN_0 + 1, T0 + 700_000), syn(T0 + 700_000),
                new InputEvent(T0 + 800_000, 0x04, 4, BTN_0), // EV_MSC scan code carrying the same number
                press(BTN_0, T0 + 1_000_000), syn(T0 + 1_000_000));
        awaitTotal(counter, 2);
        assertThat(counter.read().total()).isEqualTo(2);
    }

    @Test
    void bounces_are_rejected_on_the_kernel_timestamps() throws Exception {
        InputEventPulseCounter counter = counter(Duration.ofMillis(20));
        // Written all at once: only the kernel's timestamps can tell bounces from pulses.
        appendEvents(device,
                press(BTN_0, T0), release(BTN_0, T0 + 2_000),
                press(BTN_0, T0 + 5_000), release(BTN_0, T0 + 6_000),     // bounce: 5 ms after
                press(BTN_0, T0 + 19_999), release(BTN_0, T0 + 21_000),   // bounce: 19.999 ms after
                press(BTN_0, T0 + 20_000), release(BTN_0, T0 + 60_000),   // pulse: exactly 20 ms after
                press(BTN_0, T0 + 39_000),                                // bounce: 19 ms after the last pulse
                press(BTN_0, T0 + 1_000_000));                            // pulse, one second later
        awaitTotal(counter, 3);
        assertThat(counter.read().total()).isEqualTo(3);
    }

    @Test
    void an_event_split_across_writes_is_counted_once_whole() throws Exception {
        InputEventPulseCounter counter = counter(Duration.ZERO);
        byte[] bytes = InputEventLayout.LITTLE_ENDIAN_64.encode(press(BTN_0, T0));
        long before = counter.reads()[1];
        appendBytes(device, Arrays.copyOf(bytes, 10));
        // Two more finished reads: the one that got the 10 bytes (or found nothing yet) and one at end-of-file after them.
        await().atMost(Duration.ofSeconds(5)).until(() -> counter.reads()[1] >= before + 3);
        assertThat(counter.read().total()).isZero();
        appendBytes(device, Arrays.copyOfRange(bytes, 10, 24));
        awaitTotal(counter, 1);
    }

    @Test
    void the_count_is_stamped_with_the_clock_time_of_the_read() throws Exception {
        InputEventPulseCounter counter = counter(Duration.ZERO);
        appendEvents(device, press(BTN_0, T0));
        awaitTotal(counter, 1);
        time.advance(Duration.ofMinutes(15));
        assertThat(counter.read()).isEqualTo(new PulseCount(1, Instant.parse("2026-03-01T12:15:00Z")));
    }

    @Test
    void the_reader_stops_on_close_and_reads_fail_afterwards() throws Exception {
        InputEventPulseCounter counter = counter(Duration.ZERO);
        appendEvents(device, press(BTN_0, T0));
        awaitTotal(counter, 1);
        assertThat(counter.readerAlive()).isTrue();
        board.close();
        assertThat(counter.readerAlive()).isFalse();
        assertThatThrownBy(counter::read)
                .isInstanceOf(IOException.class)
                .hasMessage("channel 'grid': pin GPIO17 (input-event): the linux board is closed");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void a_reader_blocked_like_on_a_real_device_stops_on_close() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mkfifo")), "needs mkfifo");
        FakeKernel kernel = new FakeKernel(dir);
        Path fifo = kernel.dev().resolve("input/event4");
        Files.createDirectories(fifo.getParent());
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        // Held open read-write so that opening the reading end does not wait for a writer.
        try (RandomAccessFile writer = new RandomAccessFile(fifo.toFile(), "rw")) {
            board = LinuxTesting.open(kernel, time, map("pins", map(
                    "KEY", map("kind", "input-event", "device", "input/event4", "code", BTN_0))));
            var counter = (InputEventPulseCounter) board.pulseCounter(pulse("water", "KEY", Duration.ZERO));
            writer.write(InputEventLayout.LITTLE_ENDIAN_64.encode(press(BTN_0, T0)));
            awaitTotal(counter, 1);
            // The reader is now blocked in read(), as on /dev/input/eventN: a read started and not done.
            await().atMost(Duration.ofSeconds(5)).until(() -> counter.reads()[0] > counter.reads()[1]);
            board.close();
            assertThat(counter.readerAlive()).isFalse();
        }
    }
}
