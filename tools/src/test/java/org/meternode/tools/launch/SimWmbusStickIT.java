package org.meternode.tools.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meternode.hal.meter.wmbus.stick.ImstStick;
import org.meternode.hal.meter.wmbus.stick.RadioFrame;
import org.meternode.hal.meter.wmbus.stick.WmbusMode;
import org.meternode.hal.meter.wmbus.stick.WmbusStick;
import org.meternode.hal.meter.wmbus.stick.WmbusSticks;
import org.meternode.hal.serial.JSerialCommLine;
import org.meternode.hal.serial.SerialLine;
import org.meternode.hal.serial.SocatPair;

/** The node's iM871A driver against the simulated stick over a real pseudo-terminal pair. */
class SimWmbusStickIT {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    /** Unencrypted T1 telegrams from wmbusmeters' simulations/simulation_t1.txt (test data). */
    private static final List<byte[]> CORPUS = List.of(
            HEX.parseHex("1844AE4C4455223368077A55000000041389E20100023B0000"),
            HEX.parseHex("1E44AE4C9956341268077A360010002F2F0413181E0000023B00002F2F2F2F"));

    @BeforeEach
    void needsSocat() {
        assumeTrue(SocatPair.socatAvailable(), "socat is not installed (./run-tests installs it)");
    }

    private static SimWmbusStick.FrameSource cycling(List<byte[]> frames) {
        AtomicInteger next = new AtomicInteger();
        return () -> frames.get(next.getAndIncrement() % frames.size());
    }

    /** The serial line as the node opens it (Board.serialLine's default): jSerialComm on the pty link. */
    private static SerialLine open(String port) throws Exception {
        return JSerialCommLine.open(port, ImstStick.SERIAL, Duration.ofMillis(50));
    }

    @Test
    void the_node_configures_the_stick_and_receives_its_frames_in_order_with_rssi() throws Exception {
        try (SimWmbusStick sim = SimWmbusStick.start(cycling(CORPUS), Duration.ofMillis(30), -71, true);
             WmbusStick stick = WmbusSticks.open("im871a", open(sim.nodePort()), Clock.systemUTC())) {
            stick.configure(WmbusMode.T1);
            List<RadioFrame> frames = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                frames.add(stick.receive(Duration.ofSeconds(3)).orElseThrow());
            }

            assertThat(sim.linkMode()).contains(0x03);
            assertThat(sim.commandsAnswered()).isEqualTo(2);
            assertThat(frames).extracting(f -> HEX.formatHex(f.frame())).containsExactly(
                    HEX.formatHex(CORPUS.get(0)), HEX.formatHex(CORPUS.get(1)), HEX.formatHex(CORPUS.get(0)),
                    HEX.formatHex(CORPUS.get(1)), HEX.formatHex(CORPUS.get(0)), HEX.formatHex(CORPUS.get(1)));
            assertThat(frames).extracting(RadioFrame::rssiDbm).containsOnly(-71);
            assertThat(sim.framesSent()).isGreaterThanOrEqualTo(6);
            assertThat(stick.stats().dropped()).isZero();
            assertThat(stick.stats().garbageBytes()).isZero();
        }
    }

    @Test
    void the_stick_sends_nothing_before_it_is_configured_and_follows_the_mode_set() throws Exception {
        try (SimWmbusStick sim = SimWmbusStick.start(cycling(CORPUS), Duration.ofMillis(20), -50, false);
             WmbusStick stick = WmbusSticks.open("im871a", open(sim.nodePort()), Clock.systemUTC())) {
            assertThat(stick.receive(Duration.ofMillis(300))).isEmpty();
            assertThat(sim.framesSent()).isZero();

            stick.configure(WmbusMode.C1);

            assertThat(sim.linkMode()).contains(0x07);
            RadioFrame first = stick.receive(Duration.ofSeconds(3)).orElseThrow();
            assertThat(first.frame()).isEqualTo(CORPUS.get(0));
            assertThat(first.rssiDbm()).isEqualTo(-50);
        }
    }

    @Test
    void a_source_with_nothing_to_send_keeps_the_line_quiet() throws Exception {
        try (SimWmbusStick sim = SimWmbusStick.start(() -> null, Duration.ofMillis(10));
             WmbusStick stick = WmbusSticks.open("im871a", open(sim.nodePort()), Clock.systemUTC())) {
            stick.configure(WmbusMode.S1);

            assertThat(stick.receive(Duration.ofMillis(300))).isEmpty();
            assertThat(sim.framesSent()).isZero();
            assertThat(sim.linkMode()).contains(0x00);
            assertThat(stick.stats().dropped()).isZero();
        }
    }
}
