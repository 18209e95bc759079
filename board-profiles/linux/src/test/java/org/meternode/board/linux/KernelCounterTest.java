package org.meternode.board.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meternode.board.linux.LinuxTesting.map;
import static org.meternode.board.linux.LinuxTesting.pulse;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;
import org.meternode.hal.PulseCount;
import org.meternode.hal.PulseCounter;
import org.meternode.hal.bus.fake.VirtualSleeper;

class KernelCounterTest {
    @TempDir
    Path dir;

    private final VirtualSleeper time = new VirtualSleeper(Instant.parse("2026-03-01T12:00:00Z"));
    private LinuxBoard board;

    @AfterEach
    void close() {
        if (board != null) {
            board.close();
        }
    }

    private PulseCounter counter(FakeKernel kernel, Object bits) throws BoardException {
        var pin = bits == null ? map("kind", "counter", "device", "counter0")
                : map("kind", "counter", "device", "counter0", "bits", bits);
        board = LinuxTesting.open(kernel, time, map("pins", map("GPIO17", pin)));
        return board.pulseCounter(pulse("grid", "GPIO17", Duration.ofMillis(20)));
    }

    @Test
    void reads_the_kernel_total_at_the_clock_time_of_the_read() throws Exception {
        FakeKernel kernel = new FakeKernel(dir);
        Path count = kernel.counter("counter0", "count0", "41237");
        PulseCounter counter = counter(kernel, null);
        assertThat(counter.read()).isEqualTo(new PulseCount(41237, Instant.parse("2026-03-01T12:00:00Z")));

        FakeKernel.write(count, "41300\n");
        time.advance(Duration.ofMinutes(15));
        assertThat(counter.read()).isEqualTo(new PulseCount(41300, Instant.parse("2026-03-01T12:15:00Z")));
    }

    @Test
    void a_disabled_count_is_enabled_at_claim_time() throws Exception {
        FakeKernel kernel = new FakeKernel(dir);
        Path count = kernel.counter("counter0", "count0", "0");
        counter(kernel, null);
        assertThat(FakeKernel.read(count.resolveSibling("enable"))).isEqualTo("1");
    }

    @Test
    void a_32_bit_wrap_is_unfolded_so_the_total_keeps_growing() throws Exception {
        FakeKernel kernel = new FakeKernel(dir);
        Path count = kernel.counter("counter0", "count0", "4294967290");
        PulseCounter counter = counter(kernel, 32);
        FakeKernel.write(count, "4294967295\n");
        assertThat(counter.read().total()).isEqualTo(4_294_967_295L);
        FakeKernel.write(count, "3\n");
        assertThat(counter.read().total()).isEqualTo(4_294_967_296L + 3);
        FakeKernel.write(count, "10\n");
        assertThat(counter.read().total()).isEqualTo(4_294_967_296L + 10);
    }

    @Test
    void interrupt_cnt_past_2_to_the_31_is_read_through_its_sign_extension() throws Exception {
        // interrupt-cnt keeps an atomic_t and prints it as u64: INT_MIN shows as 2^64 - 2^31.
        FakeKernel kernel = new FakeKernel(dir);
        Path count = kernel.counter("counter0", "count0", "2147483647");
        PulseCounter counter = counter(kernel, null);
        FakeKernel.write(count, "18446744071562067968\n");
        assertThat(counter.read().total()).isEqualTo(2_147_483_648L);
        FakeKernel.write(count, "18446744073709551615\n");
        assertThat(counter.read().total()).isEqualTo(4_294_967_295L);
        FakeKernel.write(count, "0\n");
        assertThat(counter.read().total()).isEqualTo(4_294_967_296L);
    }

    @Test
    void a_reset_of_the_count_continues_from_the_total_reached() throws Exception {
        FakeKernel kernel = new FakeKernel(dir);
        Path count = kernel.counter("counter0", "count0", "1000");
        PulseCounter counter = counter(kernel, 32);
        FakeKernel.write(count, "2\n");
        assertThat(counter.read().total()).isEqualTo(1002);
    }

    @Test
    void a_vanished_count_file_is_an_IOException_naming_the_path() throws Exception {
        FakeKernel kernel = new FakeKernel(dir);
        Path count = kernel.counter("counter0", "count0", "12");
        PulseCounter counter = counter(kernel, null);
        FakeKernel.delete(count);
        assertThatThrownBy(counter::read)
                .isInstanceOf(IOException.class)
                .hasMessage("channel 'grid': pin GPIO17 (counter): reading " + count + " failed: it does not exist");
    }

    @Test
    void garbage_in_the_count_file_is_refused_at_claim_time() {
        FakeKernel kernel = new FakeKernel(dir);
        Path count = kernel.counter("counter0", "count0", "-1");
        assertThatThrownBy(() -> counter(kernel, null))
                .isInstanceOf(BoardException.class)
                .hasMessage("channel 'grid': pin GPIO17 (counter): " + count
                        + ": expected an unsigned whole number, read \"-1\"");
    }
}
