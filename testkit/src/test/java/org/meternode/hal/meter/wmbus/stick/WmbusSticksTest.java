package org.meternode.hal.meter.wmbus.stick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.meternode.hal.serial.FakeSerialLine;

class WmbusSticksTest {
    private final FakeSerialLine line = new FakeSerialLine(Duration.ofMillis(5));

    @Test
    void opens_each_known_kind_at_its_serial_settings() throws Exception {
        assertThat(WmbusSticks.open("im871a", line)).isInstanceOf(ImstStick.class);
        assertThat(WmbusSticks.open("amb8465", line).describe()).isEqualTo("AMB8465 on " + line);
        assertThat(line.settingsApplied()).containsExactly(ImstStick.SERIAL, AmberStick.SERIAL);
    }

    @Test
    void an_unknown_kind_is_refused_with_the_known_ones_listed() {
        assertThatThrownBy(() -> WmbusSticks.open("cul", line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("wM-Bus stick kind 'cul' is unknown; known: im871a, amb8465");
        assertThat(line.settingsApplied()).isEmpty();
    }
}
