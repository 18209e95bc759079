package org.meternode.tools.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.meternode.hal.serial.SocatPair;
import org.meternode.hal.meter.sml.SmlEncoder;

/**
 * A simulated SML push meter (an eHZ behind an IR head) on a socat pseudo-terminal pair: a platform
 * thread writes an SML file every period with the energy register 1.8.0 (Wh, scaler -1), power 16.7.0
 * (W) and voltage 32.7.0 (V, scaler -1); energy grows with the power drawn. Faults for tests: every
 * n-th file (0: none) carries impossible values and a broken CRC, and every m-th is cut short in the
 * middle (the next file's start follows).
 */
public final class SimSmlMeter extends PushMeterSim<SimSmlMeter.Sent> {
    /** Energy in a corrupted file, kWh: never a believable reading. */
    public static final BigDecimal CORRUPT_KWH = new BigDecimal("9999999.9999");
    private static final byte[] SERVER_ID = {0x0A, 0x01, 0x45, 0x4D, 0x48, 0x00, 0x00, 0x7A, 0x3B, 0x21};
    private static final int UNIT_WH = 30; // IEC 62056-6-2 unit codes
    private static final int UNIT_W = 27;
    private static final int UNIT_V = 35;

    /** One file written: its values (energy in kWh, power in W) and whether it was whole and correct. */
    public record Sent(Instant at, BigDecimal kwh, long watts, boolean good) {
    }

    private final int corruptEvery;
    private final int truncateEvery;
    private final Random random = new Random(7);
    private volatile boolean silent;
    private boolean wasSilent;
    private long tenthsOfWh = 123_456_789L;

    private SimSmlMeter(SocatPair pty, Duration period, int corruptEvery, int truncateEvery) {
        super("sim-sml-meter", pty, period);
        this.corruptEvery = corruptEvery;
        this.truncateEvery = truncateEvery;
    }

    /** Starts socat and the meter: a file at once, then one per {@code period}. */
    public static SimSmlMeter start(Duration period, int corruptEvery, int truncateEvery)
            throws IOException, InterruptedException {
        SimSmlMeter meter = new SimSmlMeter(SocatPair.start("meternode-sml"), period, corruptEvery, truncateEvery);
        meter.startWriting();
        return meter;
    }

    /**
     * Stops talking in the middle of the next file (half of it is written, then nothing) until
     * called with false: like an IR head that slipped off the meter.
     */
    public void stopMidFile(boolean stop) {
        silent = stop;
    }

    /** One SML file: GetList response with energy (0.1 Wh), power (W) and voltage (0.1 V). */
    public static byte[] file(long tenthsOfWh, long watts) {
        return SmlEncoder.file(SmlEncoder.getListResponse(SERVER_ID,
                SmlEncoder.entry(SmlEncoder.obis(1, 0, 1, 8, 0, 255), UNIT_WH, -1, SmlEncoder.unsigned(tenthsOfWh, 8)),
                SmlEncoder.entry(SmlEncoder.obis(1, 0, 16, 7, 0, 255), UNIT_W, 0, SmlEncoder.signed(watts, 4)),
                SmlEncoder.entry(SmlEncoder.obis(1, 0, 32, 7, 0, 255), UNIT_V, -1, SmlEncoder.unsigned(2301, 2))));
    }

    @Override
    protected Sent writeNext(long n, OutputStream out) throws IOException {
        Instant now = Instant.now();
        if (silent) {
            Sent half = null;
            if (!wasSilent) {
                byte[] bytes = file(tenthsOfWh, 1);
                out.write(Arrays.copyOf(bytes, bytes.length / 2));
                half = new Sent(now, BigDecimal.valueOf(tenthsOfWh).movePointLeft(4), 1, false);
            }
            wasSilent = true;
            return half;
        }
        wasSilent = false;
        byte[] bytes;
        Sent s;
        if (corruptEvery > 0 && n % corruptEvery == 0) {
            bytes = file(CORRUPT_KWH.movePointRight(4).longValueExact(), 99_999);
            bytes[bytes.length - 1] ^= 0x5A; // transport CRC
            s = new Sent(now, CORRUPT_KWH, 99_999, false);
        } else {
            long watts = 200 + random.nextInt(2800);
            tenthsOfWh += Math.round(watts * period().toMillis() / 360_000.0);
            bytes = file(tenthsOfWh, watts);
            boolean cut = truncateEvery > 0 && n % truncateEvery == 0;
            if (cut) {
                bytes = Arrays.copyOf(bytes, bytes.length / 2);
            }
            s = new Sent(now, BigDecimal.valueOf(tenthsOfWh).movePointLeft(4), watts, !cut);
        }
        out.write(bytes);
        return s;
    }

    /** Demo: {@code SimSmlMeter [period-ms]}; prints the port, runs until killed. */
    public static void main(String[] args) throws Exception {
        Duration period = Duration.ofMillis(args.length > 0 ? Long.parseLong(args[0]) : 1000);
        try (SimSmlMeter meter = start(period, 0, 0)) {
            System.out.println("simulated SML push meter (eHZ): open " + meter.nodePort() + " (9600 8N1)");
            Thread.currentThread().join();
        }
    }
}
