package org.meternode.board.pi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.PulseCount;
import org.meternode.hal.PulseInput;
import org.meternode.hal.bus.fake.VirtualSleeper;

/** Edges toggled on Pi4J's MockDigitalInput, time driven by a virtual clock. */
class PulseCounterTest {
    private static final Duration WIDTH = Duration.ofMillis(20);

    @TempDir
    Path stateDir;

    private final VirtualSleeper time = new VirtualSleeper();
    private Pi4jContext pi4j;
    private PiBoard board;
    private Pi4jPulseCounter counter;
    private MockDigitalInput line;

    @BeforeEach
    void open() throws Exception {
        pi4j = MockPi4j.mockPlugins();
        board = new PiBoardProvider(options -> pi4j, time).open(BoardOptions.of(Map.of(), stateDir));
        counter = board.pulseCounter(new PulseInput("grid", "GPIO17", WIDTH));
        line = MockPi4j.input(pi4j.context(), 17);
    }

    @AfterEach
    void close() {
        board.close();
    }

    @Test
    void each_full_pulse_counts_once() throws IOException {
        for (int i = 0; i < 5; i++) {
            pulse(Duration.ofMillis(30), Duration.ofMillis(60));
        }
        assertThat(counter.read().total()).isEqualTo(5);
    }

    @Test
    void the_count_is_stamped_with_the_clock_time_of_the_read() throws IOException {
        pulse(Duration.ofMillis(30), Duration.ofMillis(60));
        time.advance(Duration.ofMinutes(15));
        PulseCount count = counter.read();
        assertThat(count).isEqualTo(new PulseCount(1, time.now()));
    }

    @Test
    void bounces_shorter_than_the_debounce_do_not_count() throws IOException {
        // A reed contact: closing and opening each chatter for a few 1-3 ms before settling.
        long before = idleHigh();
        level(DigitalState.LOW, Duration.ofMillis(1));
        level(DigitalState.HIGH, Duration.ofMillis(2));
        level(DigitalState.LOW, Duration.ofMillis(1));
        level(DigitalState.HIGH, Duration.ofMillis(3));
        level(DigitalState.LOW, Duration.ofMillis(80));
        level(DigitalState.HIGH, Duration.ofMillis(2));
        level(DigitalState.LOW, Duration.ofMillis(1));
        level(DigitalState.HIGH, Duration.ofMillis(100));
        assertThat(counter.read().total() - before).isEqualTo(1);
    }

    @Test
    void a_glitch_shorter_than_the_width_is_not_a_pulse() throws IOException {
        long before = idleHigh();
        level(DigitalState.LOW, WIDTH.minusMillis(1));
        level(DigitalState.HIGH, Duration.ofMillis(100));
        assertThat(counter.read().total()).isEqualTo(before);
    }

    @Test
    void a_pulse_of_exactly_the_width_counts() throws IOException {
        long before = idleHigh();
        level(DigitalState.LOW, WIDTH);
        level(DigitalState.HIGH, WIDTH);
        assertThat(counter.read().total() - before).isEqualTo(1);
    }

    @Test
    void a_high_counts_once_it_has_lasted_the_width_even_without_another_edge() throws IOException {
        level(DigitalState.HIGH, WIDTH.minusMillis(5));
        assertThat(counter.read().total()).isZero();
        time.advance(Duration.ofMillis(5));
        assertThat(counter.read().total()).isEqualTo(1);
    }

    @Test
    void the_total_never_goes_down_whatever_the_line_does() throws IOException {
        Random random = new Random(42);
        long last = 0;
        int risingEdges = 0;
        DigitalState state = DigitalState.LOW;
        for (int i = 0; i < 2000; i++) {
            DigitalState next = random.nextBoolean() ? DigitalState.HIGH : DigitalState.LOW;
            if (state == DigitalState.LOW && next == DigitalState.HIGH) {
                risingEdges++;
            }
            state = next;
            level(next, Duration.ofMillis(random.nextInt(45)));
            if (random.nextInt(4) == 0) {
                long total = counter.read().total();
                assertThat(total).as("read %d", i).isGreaterThanOrEqualTo(last);
                last = total;
            }
        }
        assertThat(last).isPositive().isLessThanOrEqualTo(risingEdges);
    }

    @Test
    void pi4j_gets_the_debounce_and_a_pull_up() {
        assertThat(line.config().debounce()).isEqualTo(WIDTH.toNanos() / 1000);
        assertThat(line.config().pull()).isEqualTo(PullResistance.PULL_UP);
        assertThat(line.config().name()).isEqualTo("grid");
    }

    @Test
    void reading_a_closed_board_names_the_channel() {
        board.close();
        assertThatThrownBy(() -> counter.read())
                .isInstanceOf(IOException.class)
                .hasMessage("channel 'grid': the pi board is closed");
    }

    /** The S0 idle level (open collector off, pulled up); returns the total so far. */
    private long idleHigh() throws IOException {
        level(DigitalState.HIGH, Duration.ofMillis(100));
        return counter.read().total();
    }

    private void pulse(Duration low, Duration high) {
        level(DigitalState.LOW, low);
        level(DigitalState.HIGH, high);
    }

    /** Drives the line to {@code state} and holds it for {@code hold}. */
    private void level(DigitalState state, Duration hold) {
        line.mockState(state);
        time.advance(hold);
    }
}
