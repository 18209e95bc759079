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
        for (int i = 0; i < 25; i++) {
            readsThrough(new ImstStick(line(), Clock.systemUTC(), SILENCE), hci.next(), random,
                    ImstStickTest.indication(Telegrams.SHORT, 141, true));
            readsThrough(new AmberStick(line(), Clock.systemUTC(), SILENCE), amber.next(), random,
                    AmberStickTest.indication(Telegrams.SHORT, 44));
        }
    }

    /** Shorter than the sticks' own, so 50 streams take seconds. */
    private static final Duration SILENCE = Duration.ofMillis(30);
    private FakeSerialLine current;

    private FakeSerialLine line() {
        current = new FakeSerialLine(Duration.ofMillis(2));
        return current;
    }

    /** Noise, then silence longer than the stick's, then a good message: the good one must come out. */
    private void readsThrough(WmbusStick stick, byte[] noise, Random random, byte[] good)
            throws IOException {
        byte[] garbage = new byte[random.nextInt(40)];
        random.nextBytes(garbage);
        current.receive(Telegrams.concat(garbage, noise));
        long before;
        do { // until a call hands out nothing and drops nothing: the noise is used up
            before = stick.stats().frames() + stick.stats().dropped() + stick.stats().garbageBytes();
            stick.receive(SILENCE.multipliedBy(2));
        } while (stick.stats().frames() + stick.stats().dropped() + stick.stats().garbageBytes() != before);
        current.receive(good);
        assertThat(stick.receive(Duration.ofSeconds(1))).as(stick.stats().toString()).get()
                .extracting(RadioFrame::frame).isEqualTo(Telegrams.SHORT);
    }
}
