package org.meternode.tools.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.wmbus.stick.HciMessage;
import org.meternode.hal.serial.SocatPair;

/**
 * A simulated IMST iM871A wM-Bus stick on a socat pseudo-terminal pair. It answers the
 * device-management commands the node sends as the stick does (PING_REQ with an empty PING_RSP,
 * SET_CONFIG_REQ with SET_CONFIG_RSP status 00h, taking the link mode, RSSI and timestamp settings
 * from the request) and, once configured, sends every period the next frame of its {@link FrameSource}
 * as a RADIOLINK WMBUSMSG_IND: the frame from its C-field on, the RSSI byte if the node asked for
 * it, a receive timestamp if asked, and a CRC16 when {@code withCrc}. Other commands go unanswered.
 * The source can be a corpus of recorded telegrams or a simulated meter that encrypts its own.
 */
public final class SimWmbusStick implements AutoCloseable {
    /** Signal strength the simulated stick reports unless told otherwise. */
    public static final int DEFAULT_RSSI_DBM = -60;

    /** Where the radio frames come from. */
    @FunctionalInterface
    public interface FrameSource {
        /** The next frame from its L-field on, block CRCs stripped; null to send nothing this period. */
        byte[] next();
    }

    private final SocatPair pty;
    private final FrameSource source;
    private final Duration period;
    private final int rssiDbm;
    private final boolean withCrc;
    private final long startedNanos = System.nanoTime();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong commandsAnswered = new AtomicLong();
    private final Object writeLock = new Object();
    private final Thread commands;
    private final Thread radio;
    private volatile OutputStream out;
    private volatile boolean closed;
    private volatile Integer linkMode;
    private volatile boolean rssiOn;
    private volatile boolean timestampOn;

    private SimWmbusStick(SocatPair pty, FrameSource source, Duration period, int rssiDbm, boolean withCrc) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period " + period + " is not positive");
        }
        this.pty = pty;
        this.source = source;
        this.period = period;
        this.rssiDbm = rssiDbm;
        this.withCrc = withCrc;
        this.commands = Thread.ofPlatform().name("sim-wmbus-stick-commands").daemon(true).unstarted(this::answer);
        this.radio = Thread.ofPlatform().name("sim-wmbus-stick-radio").daemon(true).unstarted(this::transmit);
    }

    /** A stick reporting {@link #DEFAULT_RSSI_DBM}, with CRC16 on its messages. */
    public static SimWmbusStick start(FrameSource source, Duration period) throws IOException, InterruptedException {
        return start(source, period, DEFAULT_RSSI_DBM, true);
    }

    /** Starts socat and the stick; it sends frames only after the node's SET_CONFIG_REQ. */
    public static SimWmbusStick start(FrameSource source, Duration period, int rssiDbm, boolean withCrc)
            throws IOException, InterruptedException {
        SimWmbusStick stick = new SimWmbusStick(SocatPair.start("meternode-wmbus"), source, period, rssiDbm, withCrc);
        stick.out = Files.newOutputStream(stick.pty.meterSide());
        stick.commands.start();
        stick.radio.start();
        return stick;
    }

    /** The pseudo-terminal the node opens as the stick's serial port (57600 8N1). */
    public String nodePort() {
        return pty.nodePort();
    }

    /** WMBUSMSG_IND messages written so far. */
    public long framesSent() {
        return framesSent.get();
    }

    /** Device-management commands answered so far (pings and set-configs). */
    public long commandsAnswered() {
        return commandsAnswered.get();
    }

    /** The HCI link mode number the node last set, empty before any SET_CONFIG_REQ named one. */
    public Optional<Integer> linkMode() {
        return Optional.ofNullable(linkMode);
    }

    /** The raw RSSI byte for {@code dBm}: the inverse of the node's conversion, 45 + 2 * (dBm + 100). */
    public static int rssiRaw(int dBm) {
        return Math.max(0, Math.min(255, 45 + 2 * (dBm + 100)));
    }

    private void answer() {
        byte[] buffer = new byte[0];
        byte[] chunk = new byte[256];
        try (InputStream in = Files.newInputStream(pty.meterSide())) {
            int n;
            while (!closed && (n = in.read(chunk)) >= 0) {
                buffer = concat(buffer, Arrays.copyOf(chunk, n));
                buffer = handleRequests(buffer);
            }
        } catch (IOException e) {
            if (!closed) {
                System.err.println("sim iM871A stopped reading commands: " + e.getMessage());
            }
        }
    }

    /** Answers every whole request at the start of {@code buffer}; returns what is left. */
    private byte[] handleRequests(byte[] buffer) throws IOException {
        while (buffer.length > 0) {
            if ((buffer[0] & 0xFF) != HciMessage.START_OF_FRAME) {
                buffer = Arrays.copyOfRange(buffer, 1, buffer.length);
                continue;
            }
            int length;
            HciMessage request;
            try {
                length = HciMessage.frameLength(buffer, buffer.length);
                if (length == 0 || buffer.length < length) {
                    return buffer;
                }
                request = HciMessage.decode(Arrays.copyOf(buffer, length));
            } catch (DecodingException e) {
                buffer = Arrays.copyOfRange(buffer, 1, buffer.length); // as the stick: resync on the next A5h
                continue;
            }
            buffer = Arrays.copyOfRange(buffer, length, buffer.length);
            respond(request);
        }
        return buffer;
    }

    private void respond(HciMessage request) throws IOException {
        if (request.endpoint() != HciMessage.DEVMGMT) {
            return;
        }
        byte[] answer;
        switch (request.messageId()) {
            case HciMessage.PING_REQ -> answer = new byte[0];
            case HciMessage.SET_CONFIG_REQ -> {
                applyConfig(request.payload());
                answer = new byte[] {0x00};
            }
            default -> {
                return;
            }
        }
        int answerId = request.messageId() + 1; // every DEVMGMT response id is its request's plus one
        write(new HciMessage(HciMessage.DEVMGMT, answerId, answer, OptionalLong.empty(), OptionalInt.empty(),
                request.withCrc()).encode());
        commandsAnswered.incrementAndGet();
    }

    /** Reads the fields of a SET_CONFIG_REQ payload the way the stick walks its two flag bytes. */
    private void applyConfig(byte[] p) {
        int[] sizes1 = {1, 1, 1, 2, 4, 1, 1, 1}; // device mode, link mode, C, manufacturer, id, version, type, channel
        int i = 1; // after the "save to flash" byte
        if (i >= p.length) {
            return;
        }
        int flags1 = p[i++] & 0xFF;
        for (int bit = 0; bit < 8; bit++) {
            if ((flags1 & (1 << bit)) != 0) {
                if (bit == 1 && i < p.length) {
                    linkMode = p[i] & 0xFF;
                }
                i += sizes1[bit];
            }
        }
        if (i >= p.length) {
            return;
        }
        int flags2 = p[i++] & 0xFF; // one byte per field: power, data rate, rx window, power saving, RSSI, timestamp, LED, RTC
        for (int bit = 0; bit < 8 && i < p.length; bit++) {
            if ((flags2 & (1 << bit)) != 0) {
                if (bit == 4) {
                    rssiOn = p[i] != 0;
                } else if (bit == 5) {
                    timestampOn = p[i] != 0;
                }
                i++;
            }
        }
    }

    private void transmit() {
        try {
            while (!closed) {
                Thread.sleep(period); // the radio's pace, not a synchronisation
                if (linkMode == null) {
                    continue;
                }
                byte[] frame = source.next();
                if (frame == null) {
                    continue;
                }
                if (frame.length < 2 || (frame[0] & 0xFF) != frame.length - 1) {
                    System.err.println("sim iM871A: frame source gave a frame whose L-field is not its length - 1: "
                            + HexFormat.of().formatHex(frame));
                    continue;
                }
                write(indication(frame));
                framesSent.incrementAndGet();
            }
        } catch (InterruptedException e) {
            // closing
        } catch (IOException e) {
            if (!closed) {
                System.err.println("sim iM871A stopped sending frames: " + e.getMessage());
            }
        }
    }

    private byte[] indication(byte[] frame) {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        return new HciMessage(HciMessage.RADIOLINK, HciMessage.WMBUSMSG_IND, Arrays.copyOfRange(frame, 1, frame.length),
                timestampOn ? OptionalLong.of(millis & 0xFFFF_FFFFL) : OptionalLong.empty(),
                rssiOn ? OptionalInt.of(rssiRaw(rssiDbm)) : OptionalInt.empty(), withCrc).encode();
    }

    private void write(byte[] message) throws IOException {
        synchronized (writeLock) {
            out.write(message);
            out.flush();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public void close() {
        closed = true;
        radio.interrupt();
        pty.close();
        try {
            out.close();
        } catch (IOException e) {
            // the pseudo-terminal is gone already
        }
        for (Thread t : new Thread[] {radio, commands}) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
