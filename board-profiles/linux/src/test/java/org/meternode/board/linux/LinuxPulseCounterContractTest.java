package org.meternode.board.linux;

import static org.awaitility.Awaitility.await;
import static org.meternode.board.linux.LinuxTesting.map;
import static org.meternode.board.linux.LinuxTesting.pulse;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.PulseCounter;
import org.meternode.hal.PulseCounterContract;
import org.meternode.hal.bus.fake.VirtualSleeper;

/** The pulse counter contract on both linux pulse sources of a fake kernel tree. */
class LinuxPulseCounterContractTest {

    /** A kernel counter device: pulses bump its count file. */
    @Nested
    class KernelCounter extends PulseCounterContract {
        @TempDir
        Path dir;

        @Override
        protected Subject newSubject() throws Exception {
            VirtualSleeper time = new VirtualSleeper(Instant.parse("2026-03-01T12:00:00Z"));
            FakeKernel kernel = new FakeKernel(dir);
            Path count = kernel.counter("counter0", "count0", "41237");
            LinuxBoard board = LinuxTesting.open(kernel, time,
                    map("pins", map("GPIO17", map("kind", "counter", "device", "counter0"))));
            PulseCounter counter = board.pulseCounter(pulse("grid", "GPIO17", Duration.ofMillis(20)));
            return new Subject() {
                private long kernelCount = 41237;

                @Override
                public PulseCounter counter() {
                    return counter;
                }

                @Override
                public long pulse(int n) {
                    kernelCount += n;
                    FakeKernel.write(count, kernelCount + "\n");
                    time.advance(Duration.ofSeconds(n));
                    return n;
                }

                @Override
                public void close() {
                    board.close();
                }
            };
        }
    }

    /** An input event device: each pulse is a key press and release with its SYN_REPORTs. */
    @Nested
    class InputEvents extends PulseCounterContract {
        private static final int BTN_0 = 256;
        private static final long T0 = 1_767_225_600_000_000L;

        @TempDir
        Path dir;

        @Override
        protected Subject newSubject() throws Exception {
            VirtualSleeper time = new VirtualSleeper(Instant.parse("2026-03-01T12:00:00Z"));
            FakeKernel kernel = new FakeKernel(dir);
            Path device = kernel.inputDevice("input/event3");
            LinuxBoard board = LinuxTesting.open(kernel, time, map("pins", map(
                    "GPIO17", map("kind", "input-event", "device", "input/event3", "code", BTN_0))));
            PulseCounter counter = board.pulseCounter(pulse("grid", "GPIO17", Duration.ofMillis(20)));
            return new Subject() {
                private long micros = T0;
                private long pulses;

                @Override
                public PulseCounter counter() {
                    return counter;
                }

                @Override
                public long pulse(int n) {
                    for (int i = 0; i < n; i++) {
                        micros += 100_000;
                        FakeKernel.appendEvents(device,
                                FakeKernel.press(BTN_0, micros), FakeKernel.syn(micros),
                                FakeKernel.release(BTN_0, micros + 40_000), FakeKernel.syn(micros + 40_000));
                    }
                    pulses += n;
                    // The reader thread follows the device; wait until it has seen every event written.
                    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                            .until(() -> counter.read().total() >= pulses);
                    time.advance(Duration.ofSeconds(1));
                    return n;
                }

                @Override
                public void close() {
                    board.close();
                }
            };
        }
    }
}
