package org.meternode.hal.meter.wmbus.stick;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.serial.SerialLine;
import org.meternode.hal.serial.SerialSettings;

/**
 * An IMST iM871A (or iM170A) USB stick speaking the wM-Bus HCI protocol ({@link HciMessage}).
 * {@link #configure} pings the stick (DEVMGMT PING_REQ, answer PING_RSP), then sends a temporary
 * (not saved to flash) SET_CONFIG_REQ: device mode "other", the link mode, RSSI attached, timestamp
 * off; the stick answers SET_CONFIG_RSP with status 00h. Received frames arrive as RADIOLINK
 * WMBUSMSG_IND, whose payload starts at the C-field: the stick drops the L-field and the block
 * CRCs, and the HCI length field equals the L-field, so the frame is {@code [length] + payload}
 * (jmbus 3.3.0 and wmbusmeters both rebuild it that way).
 *
 * <p>Link mode numbers (HCI spec, as in wmbusmeters' LinkModeIM871A list): S1 = 00h, T1 = 03h,
 * C1 = 07h (C1 telegram format B, which wmbusmeters uses to receive C1; format A would be 06h).
 * jmbus 3.3.0 instead selects S1-m (01h), T2 (04h) and C2 format A (08h); we listen as a collector for
 * meters' one-way transmissions, which the "1" modes are.
 */
public final class ImstStick implements WmbusStick {
    /** The iM871A's virtual COM port: 57600 8N1 (wmbusmeters, jmbus). */
    public static final SerialSettings SERIAL = new SerialSettings(57600, 8, SerialSettings.Parity.NONE, 1);
    /** How long the stick may take to answer a device-management command. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(1);
    /** Silence after which an incomplete message is dropped (a 266-byte message takes 46 ms at 57600 baud). */
    public static final Duration SILENCE = Duration.ofMillis(200);

    private final SerialLine line;
    private final Clock clock;
    private final WmbusStickStats stats = new WmbusStickStats();
    private final StickLink<HciMessage> link;

    public ImstStick(SerialLine line, Clock clock) throws IOException {
        this(line, clock, SILENCE);
    }

    /** With another silence before an incomplete message is dropped (tests shorten it). */
    ImstStick(SerialLine line, Clock clock, Duration silence) throws IOException {
        this.line = line;
        this.clock = clock;
        this.link = new StickLink<>(line, StickFraming.of(HciMessage.START_OF_FRAME, HciMessage::frameLength, HciMessage::decode), this::route, stats, clock,
                silence);
        line.configure(SERIAL);
    }

    /** The SET_CONFIG_REQ payload for {@code mode}, as sent. */
    public static byte[] setConfigPayload(WmbusMode mode) {
        return new byte[] {
            0x00, // not saved to flash
            0x03, // IIFlag1: device mode and link mode follow
            0x00, // device mode: other (a collector, not a meter)
            (byte) linkMode(mode),
            0x30, // IIFlag2: RSSI and receive timestamp settings follow
            0x01, // RSSI attached to every received frame
            0x00, // no timestamp attached
        };
    }

    /** The HCI link mode number for {@code mode}. */
    public static int linkMode(WmbusMode mode) {
        return switch (mode) {
            case S1 -> 0x00;
            case T1 -> 0x03;
            case C1 -> 0x07;
        };
    }

    /**
     * dBm from the raw RSSI byte: wmbusmeters' straight line through the iM871A radio's (Si1002) curve,
     * 45 -> -100 dBm, 205 -> -20 dBm, i.e. 0.5 dB per step; above 0 dBm it saturates.
     */
    public static int rssiDbm(int raw) {
        return Math.min(0, Math.floorDiv(raw - 45, 2) - 100);
    }

    @Override
    public void configure(WmbusMode mode) throws IOException {
        command(HciMessage.PING_REQ, "PING_REQ", HciMessage.PING_RSP);
        HciMessage answer = command(HciMessage.SET_CONFIG_REQ, "SET_CONFIG_REQ", HciMessage.SET_CONFIG_RSP,
                setConfigPayload(mode));
        byte[] status = answer.payload();
        if (status.length < 1 || status[0] != 0) {
            throw new IOException(describe() + ": SET_CONFIG_REQ for " + mode + " refused, status "
                    + (status.length < 1 ? "missing" : String.format("%02Xh", status[0] & 0xFF)));
        }
    }

    private HciMessage command(int id, String name, int answerId, byte... payload) throws IOException {
        link.write(HciMessage.command(HciMessage.DEVMGMT, id, payload).encode());
        return link.answer(m -> m.endpoint() == HciMessage.DEVMGMT && m.messageId() == answerId, ANSWER_TIMEOUT,
                describe(), name);
    }

    @Override
    public Optional<RadioFrame> receive(Duration timeout) throws IOException {
        return link.receive(timeout);
    }

    /** A radio frame from a WMBUSMSG_IND; anything else here is counted and dropped. */
    private Optional<RadioFrame> route(HciMessage m) {
        if (m.endpoint() != HciMessage.RADIOLINK || m.messageId() != HciMessage.WMBUSMSG_IND) {
            stats.unknownMessage("unexpected " + m);
            return Optional.empty();
        }
        byte[] payload = m.payload();
        if (payload.length < 1) {
            stats.malformed("WMBUSMSG_IND without a C-field");
            return Optional.empty();
        }
        if (m.rssiRaw().isEmpty()) {
            stats.malformed("WMBUSMSG_IND without RSSI: the stick was not configured by this node");
            return Optional.empty();
        }
        byte[] frame = new byte[payload.length + 1];
        frame[0] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        stats.frame();
        return Optional.of(new RadioFrame(frame, rssiDbm(m.rssiRaw().getAsInt()), clock.instant()));
    }

    @Override
    public String describe() {
        return "iM871A on " + line;
    }

    @Override
    public WmbusStickStats stats() {
        return stats;
    }

    @Override
    public void close() {
        line.close();
    }
}
