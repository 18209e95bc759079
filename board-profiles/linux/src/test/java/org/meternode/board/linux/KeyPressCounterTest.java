package org.meternode.board.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meternode.board.linux.FakeKernel.press;
import static org.meternode.board.linux.FakeKernel.release;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeyPressCounterTest {
    @Test
    void counts_only_presses_of_its_code() {
        KeyPressCounter presses = new KeyPressCounter(256, Duration.ZERO);
        assertThat(presses.accept(press(256, 0))).isTrue();
        assertThat(presses.accept(release(256, 1))).isFalse();
        assertThat(presses.accept(press(257, 2))).isFalse();
        assertThat(presses.accept(new InputEvent(3, InputEvent.EV_KEY, 256, InputEvent.KEY_REPEAT))).isFalse();
        assertThat(presses.accept(FakeKernel.syn(4))).isFalse();
        assertThat(presses.accept(press(256, 5))).isTrue();
        assertThat(presses.total()).isEqualTo(2);
    }

    @Test
    void debounce_is_measured_from_the_last_counted_press() {
        KeyPressCounter presses = new KeyPressCounter(256, Duration.ofMillis(10));
        presses.accept(press(256, 1_000_000));
        presses.accept(press(256, 1_006_000));
        presses.accept(press(256, 1_012_000));
        assertThat(presses.total()).as("bounces do not extend the window").isEqualTo(2);
        assertThat(presses.bounces()).isEqualTo(1);
    }
}
