package org.meternode.tools.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.meternode.hal.serial.SocatPair;
import org.meternode.hal.meter.Crc16;

/**
 * A simulated DSMR 5.0 smart meter on a socat pseudo-terminal pair: a platform thread writes a P1
 * telegram (CRC-16/ARC, counters that grow with the power drawn) to one side every period, and the
 * node opens the other side, {@link #nodePort()}, as its P1 port. Every {@code corruptEvery}-th
 * telegram (0: none) carries impossible values and a wrong CRC, so a reader that reports it shows.
 * Needs socat on the PATH. Run {@code main} for a demo meter: it prints the port and runs until killed.
 */
public final class SimDsmrMeter extends PushMeterSim<SimDsmrMeter.Sent> {
    private static final ZoneId NL = ZoneId.of("Europe/Amsterdam");
    private static final DateTimeFormatter TST = DateTimeFormatter.ofPattern("yyMMddHHmmss");
    /** The values a corrupted telegram carries; never a believable reading. */
    public static final BigDecimal CORRUPT_KWH = new BigDecimal("999999.999");

    /** One telegram written: the values in it and whether its CRC was good. */
    public record Sent(Instant at, BigDecimal kwhT1, BigDecimal kwhT2, BigDecimal kw, BigDecimal gasM3,
                       boolean goodCrc) {
    }

    private final int corruptEvery;
    private final Random random = new Random(42);
    private BigDecimal kwhT1 = new BigDecimal("1234.567");
    private BigDecimal kwhT2 = new BigDecimal("2345.678");
    private BigDecimal gas = new BigDecimal("812.345");

    private SimDsmrMeter(SocatPair pty, Duration period, int corruptEvery) {
        super("sim-dsmr-meter", pty, period);
        this.corruptEvery = corruptEvery;
    }

    /** Whether socat is on the PATH; callers skip pseudo-terminal tests without it. */
    public static boolean socatAvailable() {
        return SocatPair.socatAvailable();
    }

    /** Starts socat and the meter; the first telegram is written at once, then one per {@code period}. */
    public static SimDsmrMeter start(Duration period, int corruptEvery) throws IOException, InterruptedException {
        SimDsmrMeter meter = new SimDsmrMeter(SocatPair.start("meternode-dsmr"), period, corruptEvery);
        meter.startWriting();
        return meter;
    }

    /**
     * A dsmr channel (YAML list item) reading this meter: tariffs 1 and 2 as the energy streams
     * {@code <id>.import-t1} and {@code <id>.import-t2}, power, and the gas meter's volume.
     */
    public String channelYaml(String id) {
        return """
                - id: %s
                  type: dsmr
                  port: %s
                  readings:
                    - { obis: 1-0:1.8.1, quantity: energy, name: import-t1 }
                    - { obis: 1-0:1.8.2, quantity: energy, name: import-t2 }
                    - { obis: 1-0:1.7.0, quantity: power }
                    - { obis: 0-1:24.2.1, quantity: volume }
                """.formatted(id, nodePort());
    }

    /**
     * A DSMR 5.0 telegram with these values and its CRC-16/ARC over '/' .. '!'; with {@code goodCrc}
     * false the CRC is deliberately wrong.
     */
    public static byte[] telegram(Instant at, BigDecimal kwhT1, BigDecimal kwhT2, BigDecimal kw, BigDecimal gasM3,
                                  boolean goodCrc) {
        ZonedDateTime local = at.atZone(NL);
        String tst = TST.format(local) + (NL.getRules().isDaylightSavings(at) ? "S" : "W");
        String body = "/ISK5\\2M550T-1013\r\n\r\n"
                + "1-3:0.2.8(50)\r\n"
                + "0-0:1.0.0(" + tst + ")\r\n"
                + "0-0:96.1.1(4530303534303037343736393431373139)\r\n"
                + "1-0:1.8.1(" + fixed(kwhT1, 6, 3) + "*kWh)\r\n"
                + "1-0:1.8.2(" + fixed(kwhT2, 6, 3) + "*kWh)\r\n"
                + "1-0:2.8.1(000000.000*kWh)\r\n"
                + "1-0:2.8.2(000000.000*kWh)\r\n"
                + "0-0:96.14.0(0001)\r\n"
                + "1-0:1.7.0(" + fixed(kw, 2, 3) + "*kW)\r\n"
                + "1-0:2.7.0(00.000*kW)\r\n"
                + "0-0:96.7.21(00004)\r\n"
                + "0-0:96.7.9(00002)\r\n"
                + "1-0:32.7.0(230.1*V)\r\n"
                + "1-0:31.7.0(" + String.format("%03d", kw.multiply(BigDecimal.valueOf(1000))
                        .divide(new BigDecimal("230"), 0, RoundingMode.HALF_UP).intValue()) + "*A)\r\n"
                + "0-1:24.1.0(003)\r\n"
                + "0-1:96.1.0(4730303339303031363532303530323136)\r\n"
                + "0-1:24.2.1(" + tst + ")(" + fixed(gasM3, 5, 3) + "*m3)\r\n"
                + "!";
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        int crc = Crc16.arc(b, 0, b.length);
        if (!goodCrc) {
            crc ^= 0x0101;
        }
        return (body + String.format("%04X", crc) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String fixed(BigDecimal v, int intDigits, int decimals) {
        BigDecimal scaled = v.setScale(decimals, RoundingMode.HALF_UP);
        String text = scaled.toPlainString();
        int width = intDigits + 1 + decimals;
        return "0".repeat(Math.max(0, width - text.length())) + text;
    }

    @Override
    protected Sent writeNext(long n, OutputStream out) throws IOException {
        Instant now = Instant.now();
        boolean corrupt = corruptEvery > 0 && n % corruptEvery == 0;
        Sent s;
        if (corrupt) {
            s = new Sent(now, CORRUPT_KWH, CORRUPT_KWH, new BigDecimal("99.999"), new BigDecimal("99999.999"), false);
        } else {
            // A household load between 0.2 and 3 kW; counters grow with it over the period.
            BigDecimal kw = BigDecimal.valueOf(200 + random.nextInt(2800)).movePointLeft(3);
            BigDecimal hours = BigDecimal.valueOf(period().toMillis())
                    .divide(BigDecimal.valueOf(3_600_000), 9, RoundingMode.HALF_UP);
            kwhT1 = kwhT1.add(kw.multiply(hours)); // exact here; the telegram prints 3 decimals
            if (n % 7 == 0) {
                gas = gas.add(new BigDecimal("0.001"));
            }
            s = new Sent(now, kwhT1.setScale(3, RoundingMode.HALF_UP), kwhT2, kw, gas, true);
        }
        out.write(telegram(now, s.kwhT1(), s.kwhT2(), s.kw(), s.gasM3(), s.goodCrc()));
        return s;
    }

    /** Demo: {@code SimDsmrMeter [period-ms] [corrupt-every]}; prints the node port, runs until killed. */
    public static void main(String[] args) throws Exception {
        Duration period = Duration.ofMillis(args.length > 0 ? Long.parseLong(args[0]) : 1000);
        int corruptEvery = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        try (SimDsmrMeter meter = start(period, corruptEvery)) {
            System.out.println("simulated DSMR 5.0 meter: open " + meter.nodePort() + " (115200 8N1)");
            Thread.currentThread().join();
        }
    }
}
