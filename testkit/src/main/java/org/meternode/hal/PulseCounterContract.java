package org.meternode.hal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PulseCounter} must do, whatever board is behind it. A test class extends this
 * and supplies a fresh counter with a way to make pulses happen at its input; JUnit runs these tests
 * for it.
 */
public abstract class PulseCounterContract {

    /** A counter under test. */
    public interface Subject extends AutoCloseable {
        /** The counter. */
        PulseCounter counter();

        /**
         * Makes at least {@code n} pulses happen at the counter's input and returns how many really
         * happened: {@code n} for a board whose input the test drives edge by edge, the ground truth's
         * delta for a simulated meter (which may run a little past {@code n}).
         */
        long pulse(int n) throws Exception;

        /** Releases the board; the default does nothing. */
        @Override
        default void close() throws Exception {
        }
    }

    private Subject subject;

    /** A fresh counter for one test. */
    protected abstract Subject newSubject() throws Exception;

    private Subject subject() throws Exception {
        subject = newSubject();
        return subject;
    }

    @AfterEach
    void closeSubject() throws Exception {
        if (subject != null) {
            subject.close();
        }
    }

    @Test
    void n_pulses_add_exactly_what_happened() throws Exception {
        Subject s = subject();
        for (int n : new int[] {1, 3, 17}) {
            long before = s.counter().read().total();
            long happened = s.pulse(n);
            assertThat(happened).as("pulses made for %d asked", n).isGreaterThanOrEqualTo(n);
            assertThat(s.counter().read().total() - before).as("after %d pulses", happened).isEqualTo(happened);
        }
    }

    @Test
    void reads_without_pulses_do_not_change_the_total() throws Exception {
        Subject s = subject();
        s.pulse(2);
        long total = s.counter().read().total();
        assertThat(s.counter().read().total()).isEqualTo(total);
        assertThat(s.counter().read().total()).isEqualTo(total);
    }

    @Test
    void the_total_is_monotonic_and_the_read_time_never_goes_back() throws Exception {
        Subject s = subject();
        PulseCount last = s.counter().read();
        for (int i = 0; i < 12; i++) {
            if (i % 3 != 2) {
                s.pulse(1 + i % 4);
            }
            PulseCount now = readNonNegative(s.counter());
            assertThat(now.total()).as("read %d", i).isGreaterThanOrEqualTo(last.total());
            assertThat(now.at()).as("read %d", i).isAfterOrEqualTo(last.at());
            last = now;
        }
    }

    private static PulseCount readNonNegative(PulseCounter counter) throws IOException {
        PulseCount count = counter.read();
        assertThat(count.total()).isNotNegative();
        return count;
    }
}
