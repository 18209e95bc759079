package org.meternode.hal.meter.wmbus.stick;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.meternode.hal.meter.FuzzRun;
import org.meternode.hal.meter.Mutator;
import org.meternode.hal.serial.FakeSerialLine;

/** Mutated stick messages: the pure decoders only ever reject, and a stick reading any byte stream never throws. */
class StickFuzzTest {
    private static final List<byte[]> HCI = List.of(ImstStickTest.indication(Telegrams.SHORT, 141, true),
            ImstStickTest.indication(Telegrams.LONG, 20, false), Telegrams.hex("A5 01 04 01 00"));
    private static final List<byte[]> AMBER = List.of(AmberStickTest.indication(Telegrams.SHORT, 44),
            AmberStickTest.indication(Telegrams.LONG, 200), Telegrams.hex("FF 84 01 00 7A"));

    @Test
    void hci_decode_only_rejects() {
        FuzzRun.run(new Mutator(871, HCI, b -> b), HciMessage::decode);
    }

    @Test
    void amber_decode_only_rejects() {
        FuzzRun.run(new Mutator(8465, AMBER, b -> b), AmberMessage::decode);
    }

    @Test
    void sticks_read_random_streams_without_throwing_and_still_find_a_good_frame_after_silence() throws Exception {
        Random random = new Random(42);
        Mutator hci = new Mutator(1, HCI, b -> b);
        Mutator amber = new Mutator(2, AMBER, b -> b);
        for (int i = 0; i < 40; i++) {
            readsThrough(new ImstStick(line(), Clock.systemUTC()), hci.next(), random,
                    ImstStickTest.indication(Telegrams.SHORT, 141, true), ImstStick.SILENCE);
            readsThrough(new AmberStick(line(), Clock.systemUTC()), amber.next(), random,
                    AmberStickTest.indication(Telegrams.SHORT, 44), AmberStick.SILENCE);
        }
    }

    private FakeSerialLine current;

    private FakeSerialLine line() {
        current = new FakeSerialLine(Duration.ofMillis(2));
        return current;
    }

    /** Noise, then silence longer than the stick's, then a good message: the good one must come out. */
    private void readsThrough(WmbusStick stick, byte[] noise, Random random, byte[] good, Duration silence)
            throws IOException {
        byte[] garbage = new byte[random.nextInt(40)];
        random.nextBytes(garbage);
        current.receive(Telegrams.concat(garbage, noise));
        while (stick.receive(silence.plusMillis(100)).isPresent()) {
            // whatever the noise decodes to
        }
        current.receive(good);
        assertThat(stick.receive(Duration.ofSeconds(1))).as(stick.stats().toString()).get()
                .extracting(RadioFrame::frame).isEqualTo(Telegrams.SHORT);
    }
}
