package org.meternode.hal.meter.wmbus.stick;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.serial.SerialLine;
import org.meternode.hal.serial.SerialSettings;

/**
 * An Amber AMB8465 USB stick ({@link AmberMessage}). Framing chosen: command mode only. Left at its
 * default the stick sends received frames "transparently" (a bare length byte, no start byte, no
 * checksum), which wmbusmeters finds by guessing valid C-fields; we instead switch on
 * UART_CMD_Out_Enable (register 05h) so every byte from the stick sits in an FFh-framed, XOR-checked
 * message, and anything else is garbage. Resynchronisation: skip to the next FFh, check the command
 * byte is one the stick can send, take the length, check the checksum; any failure drops just that
 * FFh and the scan goes on from the next byte.
 *
 * <p>{@link #configure}: reads registers 05h (UART_CMD_Out_Enable) and 45h (RSSI_Enable) with
 * GET_REQ; only if one is not 1 writes it with SET_REQ (saved to flash, so once in the stick's life,
 * unlike jmbus 3.3.0, which writes on every start) and resets the stick (RESET_REQ) for it to take
 * effect; then selects the receive mode with the volatile SET_MODE_REQ, as wmbusmeters does:
 * S1 -> 03h (S2, hears S1 and S1-m), T1 -> 08h (T2-Other), C1 -> 0Eh (C2-Other); jmbus 3.3.0 writes
 * the same numbers to the flash register Mode_Preselect (46h). A confirmation's status byte 00h is success.
 */
public final class AmberStick implements WmbusStick {
    /** The AMB8465's virtual COM port at its factory rate: 9600 8N1 (wmbusmeters). */
    public static final SerialSettings SERIAL = new SerialSettings(9600, 8, SerialSettings.Parity.NONE, 1);
    /** How long the stick may take to answer a command. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(1);
    /** Silence after which an incomplete message is dropped (259 bytes take 270 ms at 9600 baud). */
    public static final Duration SILENCE = Duration.ofMillis(600);
    /** Register UART_CMD_Out_Enable: 1 = received frames framed as DATA_IND. */
    public static final int REG_UART_CMD_OUT_ENABLE = 0x05;
    /** Register RSSI_Enable: 1 = an RSSI byte follows each received frame. */
    public static final int REG_RSSI_ENABLE = 0x45;
    private static final int RSSI_OFFSET_DBM = 74;

    private final SerialLine line;
    private final Clock clock;
    private final WmbusStickStats stats = new WmbusStickStats();
    private final StickLink<AmberMessage> link;

    public AmberStick(SerialLine line, Clock clock) throws IOException {
        this(line, clock, SILENCE);
    }

    /** With another silence before an incomplete message is dropped (tests shorten it). */
    AmberStick(SerialLine line, Clock clock, Duration silence) throws IOException {
        this.line = line;
        this.clock = clock;
        this.link = new StickLink<>(line, StickFraming.of(AmberMessage.START, AmberMessage::frameLength, AmberMessage::decode), this::route, stats, clock,
                silence);
        line.configure(SERIAL);
    }

    /** The SET_MODE_REQ mode byte for {@code mode}. */
    public static int modeByte(WmbusMode mode) {
        return switch (mode) {
            case S1 -> 0x03;
            case T1 -> 0x08;
            case C1 -> 0x0E;
        };
    }

    /** dBm from the raw RSSI byte: two's complement, half-dB steps, minus the 74 dB offset (AMB8465 manual; jmbus, wmbusmeters). */
    public static int rssiDbm(int raw) {
        return (byte) raw / 2 - RSSI_OFFSET_DBM;
    }

    @Override
    public void configure(WmbusMode mode) throws IOException {
        boolean changed = ensureRegister(REG_UART_CMD_OUT_ENABLE, "UART_CMD_Out_Enable");
        changed |= ensureRegister(REG_RSSI_ENABLE, "RSSI_Enable");
        if (changed) {
            expectStatusOk(command(AmberMessage.RESET_REQ, "RESET_REQ"), "RESET_REQ");
        }
        expectStatusOk(command(AmberMessage.SET_MODE_REQ, "SET_MODE_REQ " + mode, (byte) modeByte(mode)),
                "SET_MODE_REQ " + mode);
    }

    /** Reads a one-byte register; writes 1 if it is not 1. True if it wrote. */
    private boolean ensureRegister(int register, String name) throws IOException {
        String get = String.format("GET_REQ %s (%02Xh)", name, register);
        byte[] answer = command(AmberMessage.GET_REQ, get, (byte) register, (byte) 1).payload();
        if (answer.length != 3 || (answer[0] & 0xFF) != register || answer[1] != 1) {
            throw new IOException(describe() + ": " + get + " answered with " + AmberMessage.of(
                    AmberMessage.GET_REQ | AmberMessage.CONFIRM, answer));
        }
        if (answer[2] == 1) {
            return false;
        }
        String set = String.format("SET_REQ %s (%02Xh) = 1", name, register);
        expectStatusOk(command(AmberMessage.SET_REQ, set, (byte) register, (byte) 1, (byte) 1), set);
        return true;
    }

    private void expectStatusOk(AmberMessage answer, String name) throws IOException {
        byte[] status = answer.payload();
        if (status.length != 1 || status[0] != 0) {
            throw new IOException(describe() + ": " + name + " refused, answer " + answer);
        }
    }

    private AmberMessage command(int command, String name, byte... payload) throws IOException {
        link.write(AmberMessage.of(command, payload).encode());
        return link.answer(m -> m.command() == (command | AmberMessage.CONFIRM), ANSWER_TIMEOUT,
                describe(), name);
    }

    @Override
    public Optional<RadioFrame> receive(Duration timeout) throws IOException {
        return link.receive(timeout);
    }

    /** A radio frame from a DATA_IND (C-field .. last byte, RSSI); anything else is counted and dropped. */
    private Optional<RadioFrame> route(AmberMessage m) {
        if (m.command() != AmberMessage.DATA_IND) {
            stats.unknownMessage("unexpected " + m);
            return Optional.empty();
        }
        byte[] payload = m.payload();
        if (payload.length < 2) {
            stats.malformed("DATA_IND of " + payload.length + " bytes has no C-field and RSSI");
            return Optional.empty();
        }
        int lField = payload.length - 1;
        byte[] frame = new byte[lField + 1];
        frame[0] = (byte) lField;
        System.arraycopy(payload, 0, frame, 1, lField);
        stats.frame();
        return Optional.of(new RadioFrame(frame, rssiDbm(payload[lField] & 0xFF), clock.instant()));
    }

    @Override
    public String describe() {
        return "AMB8465 on " + line;
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
