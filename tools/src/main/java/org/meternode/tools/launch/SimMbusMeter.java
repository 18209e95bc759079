package org.meternode.tools.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.meternode.hal.serial.SocatPair;
import org.meternode.hal.meter.mbus.MbusRspUdBuilder;
import org.meternode.hal.meter.mbus.MbusSecondaryAddress;
import org.meternode.hal.meter.mbus.MbusSlave;

/**
 * A simulated wired M-Bus heat meter on a socat pseudo-terminal pair, as a slave behind a level
 * converter: answers SND_NKE, selection by secondary address and REQ_UD2 with a two-telegram readout
 * (energy, volume, power; then flow temperature and volume flow). Volume and energy grow with
 * wall-clock time at a constant flow, so every readout differs. Replies are paced at 2400 baud
 * (11 bits per byte) as on a real bus. Faults for tests: every n-th readout (0: none) answers with
 * impossible values and a broken checksum, or the meter stops in the middle of its telegrams.
 */
public final class SimMbusMeter implements AutoCloseable {
    /** The meter's secondary address: identification 12345678, manufacturer ZRI, version 1, medium 04h (heat). */
    public static final MbusSecondaryAddress SECONDARY = new MbusSecondaryAddress("12345678", "ZRI", 1, 0x04);
    /** Volume in a corrupted telegram, in litres: never a believable reading. */
    public static final long CORRUPT_LITRES = 99_999_999L;
    /** Litres per hour flowing through the meter. */
    public static final long LITRES_PER_HOUR = 720;
    /** Thermal power while it flows, W (720 l/h cooled by 10 K is ~8.4 kW). */
    public static final long WATTS = 8_400;
    private static final int BAUD = 2400;

    /** One readout the meter served (good or corrupted): the values in its telegrams. */
    public record Served(Instant at, long litres, long kwh, long watts, boolean good) {
        /** The volume in m3, as the node reports it. */
        public BigDecimal m3() {
            return BigDecimal.valueOf(litres).movePointLeft(3);
        }
    }

    private final SocatPair pty;
    private final int primaryAddress;
    private final int corruptEvery;
    private final Clock clock = Clock.systemUTC();
    private final Instant started = clock.instant();
    private final MbusSlave slave;
    private final List<Served> served = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean closed;
    private int readouts;
    private boolean corruptNow;

    private SimMbusMeter(SocatPair pty, int primaryAddress, int corruptEvery) {
        this.pty = pty;
        this.primaryAddress = primaryAddress;
        this.corruptEvery = corruptEvery;
        this.slave = new MbusSlave(primaryAddress, SECONDARY, this::readout);
        this.thread = Thread.ofPlatform().name("sim-mbus-meter").daemon(true).unstarted(this::serve);
    }

    /** Starts socat and the meter at {@code primaryAddress}; every {@code corruptEvery}-th readout is damaged. */
    public static SimMbusMeter start(int primaryAddress, int corruptEvery) throws IOException, InterruptedException {
        SimMbusMeter meter = new SimMbusMeter(SocatPair.start("meternode-mbus"), primaryAddress, corruptEvery);
        meter.thread.start();
        return meter;
    }

    /** The pseudo-terminal the node (or meterctl mbus scan) opens as its level converter. */
    public String nodePort() {
        return pty.nodePort();
    }

    public int primaryAddress() {
        return primaryAddress;
    }

    /**
     * An mbus channel (YAML list item) polling this meter at {@code address} (its primary address or
     * secondary id): energy (record 0), volume (record 1) and power (by description).
     */
    public String channelYaml(String id, String address) {
        return """
                - id: %s
                  type: mbus
                  port: %s
                  address: %s
                  readings:
                    - { record: 0, quantity: energy }
                    - { record: 1, quantity: volume }
                    - { description: POWER, quantity: power }
                """.formatted(id, nodePort(), address);
    }

    /** Every readout served so far, in order. */
    public List<Served> served() {
        synchronized (served) {
            return List.copyOf(served);
        }
    }

    /** From now on every RSP_UD stops after 30 bytes (true), or is whole again (false). */
    public void stopMidTelegram(boolean stop) {
        if (stop) {
            slave.stopMidTelegram();
        } else {
            slave.answerInFull();
        }
    }

    /** The telegrams of one readout, made when the master starts it. */
    private synchronized List<byte[]> readout() {
        readouts++;
        corruptNow = corruptEvery > 0 && readouts % corruptEvery == 0;
        Instant now = clock.instant();
        double hours = Duration.between(started, now).toMillis() / 3_600_000.0;
        long litres = 1_234_000 + Math.round(hours * LITRES_PER_HOUR);
        long kwh = 45_678 + Math.round(hours * WATTS / 1000.0);
        Served s = corruptNow ? new Served(now, CORRUPT_LITRES, 99_999_999L, 99_999_999L, false)
                : new Served(now, litres, kwh, WATTS, true);
        served.add(s);
        byte[] first = new MbusRspUdBuilder(primaryAddress, SECONDARY).accessNumber(readouts)
                .bcd8(0x06, s.kwh()) // VIF 06h: energy, kWh
                .int32(0x13, s.litres()) // VIF 13h: volume, litres
                .int32(0x2B, s.watts()) // VIF 2Bh: power, W
                .moreRecordsFollow().build();
        byte[] second = new MbusRspUdBuilder(primaryAddress, SECONDARY).accessNumber(readouts)
                .int16(0x5A, 652) // VIF 5Ah: flow temperature, 0.1 degC
                .int32(0x3B, LITRES_PER_HOUR) // VIF 3Bh: volume flow, l/h
                .build();
        if (corruptNow) {
            first[first.length - 2] ^= 0x5A; // checksum
        }
        return List.of(first, second);
    }

    private void serve() {
        MbusSlave.RequestFramer framer = new MbusSlave.RequestFramer();
        byte[] buffer = new byte[256];
        try (InputStream in = Files.newInputStream(pty.meterSide());
             OutputStream out = Files.newOutputStream(pty.meterSide())) {
            int n;
            while (!closed && (n = in.read(buffer)) >= 0) {
                for (byte[] request : framer.feed(buffer, n)) {
                    byte[] reply = slave.answer(request);
                    if (reply.length > 0) {
                        Thread.sleep(reply.length * 11_000L / BAUD + 11); // the bytes on a 2400 baud bus
                        out.write(reply);
                        out.flush();
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            if (!closed) {
                System.err.println("sim M-Bus meter stopped: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        pty.close();
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Demo: {@code SimMbusMeter [primary-address]}; prints the port, runs until killed. */
    public static void main(String[] args) throws Exception {
        int address = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (SimMbusMeter meter = start(address, 0)) {
            System.out.println("simulated M-Bus heat meter, primary address " + address + ", secondary id "
                    + SECONDARY.identification() + ": open " + meter.nodePort() + " (2400 8E1)");
            Thread.currentThread().join();
        }
    }
}
