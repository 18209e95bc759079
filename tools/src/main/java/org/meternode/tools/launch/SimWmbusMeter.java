package org.meternode.tools.launch;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.meternode.hal.meter.wmbus.WmbusAddress;
import org.meternode.hal.meter.wmbus.WmbusFrameWriter;

/**
 * A simulated wireless M-Bus water meter that encrypts its own telegrams (AES-128-CBC, security
 * mode 5, with {@link #KEY}), heard by a simulated iM871A stick on a socat pseudo-terminal together
 * with meters the node must ignore: a generated neighbour and real telegrams of two meters in range. The volume grows with wall-clock time at
 * a constant flow, so every telegram differs; each one it sent is kept for tests to compare.
 */
public final class SimWmbusMeter implements AutoCloseable {
    /** The water meter: manufacturer ZRI, id 20240001, version 1, device type 07h (water). */
    public static final WmbusAddress METER = new WmbusAddress("ZRI", "20240001", 1, 0x07);
    /** A neighbour's heat meter in range, unencrypted: telegrams the node must not take for the water meter's. */
    public static final WmbusAddress NEIGHBOUR = new WmbusAddress("ZRI", "20249999", 1, 0x04);
    /** The water meter's AES-128 key (a demo key: never use a published key on a real meter). */
    public static final byte[] KEY = HexFormat.of().parseHex("4D4554455231323334353637383930FF");
    /**
     * Real telegrams of meters in range, unencrypted, CRC-stripped as sticks deliver them: a Sensus
     * iPERL water meter (33225544) and a Sontex Supercom 587 warm water meter (12345678), from
     * wmbusmeters' simulations/simulation_t1.txt (GPL-3.0-or-later test data, reused with credit).
     */
    static final List<byte[]> CORPUS = List.of(
            HexFormat.of().parseHex("1844AE4C4455223368077A55000000041389E20100023B0000"),
            HexFormat.of().parseHex("A244EE4D785634123C067A8F0000000C1348550000426CE1F14C130000000082046C21298C0413330000008D04931E3A"
                    + "3CFE33000000330000003300000033000000330000003300000033000000330000003300000033000000330000003300"
                    + "00004300000034180000046D0D0B5C2B03FD6C5E150082206C5C290BFD0F0200018C4079678885238310FD3100000082"
                    + "106C01018110FD610002FD66020002FD170000"));
    /** Litres per hour through the meter. */
    public static final long LITRES_PER_HOUR = 360;
    private static final long START_LITRES = 123_456;

    /** One telegram of the water meter: when, and the volume it carried. */
    public record Sent(long nanos, long litres) {
        public BigDecimal m3() {
            return BigDecimal.valueOf(litres).movePointLeft(3);
        }
    }

    private final long startedNanos = System.nanoTime();
    private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    private final SimWmbusStick stick;
    private int access;

    private SimWmbusMeter(Duration period) throws IOException, InterruptedException {
        this.stick = SimWmbusStick.start(this::next, period);
    }

    /** Starts socat, the stick and the meters; the stick sends one telegram per {@code period}. */
    public static SimWmbusMeter start(Duration period) throws IOException, InterruptedException {
        return new SimWmbusMeter(period);
    }

    /** The pseudo-terminal the node opens as its iM871A stick. */
    public String nodePort() {
        return stick.nodePort();
    }

    /** Telegrams the stick has sent (both meters). */
    public long framesSent() {
        return stick.framesSent();
    }

    /** The water meter's telegrams so far, in order. */
    public List<Sent> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /**
     * Of every six telegrams, four are the water meter's (encrypted), one the neighbour's and one a
     * real corpus telegram of a meter in range.
     */
    private synchronized byte[] next() {
        access = (access + 1) & 0xFF;
        if (access % 6 == 3) {
            return WmbusFrameWriter.from(NEIGHBOUR).cField(0x44).shortHeader().accessNumber(access)
                    .records(records(4_000 + access, 0)).build();
        }
        if (access % 6 == 0) {
            return CORPUS.get(access / 6 % CORPUS.size()).clone();
        }
        long nanos = System.nanoTime();
        long litres = START_LITRES + (nanos - startedNanos) * LITRES_PER_HOUR / 3_600_000_000_000L;
        byte[] frame = WmbusFrameWriter.from(METER).cField(0x44).shortHeader().accessNumber(access)
                .records(records(litres, LITRES_PER_HOUR)).mode5(KEY).build();
        sent.add(new Sent(nanos, litres));
        return frame;
    }

    /** Volume (DIF 04h, VIF 13h: 32-bit litres) and volume flow (DIF 02h, VIF 3Bh: 16-bit l/h). */
    private static byte[] records(long litres, long litresPerHour) {
        ByteBuffer b = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x04).put((byte) 0x13).putInt((int) litres);
        b.put((byte) 0x02).put((byte) 0x3B).putShort((short) litresPerHour);
        return b.array();
    }

    /** Writes the key file the channel reads (0600) into {@code dir}; returns its path. */
    public static Path writeKeyFile(Path dir) throws IOException {
        return writeKeyFile(dir, KEY);
    }

    /** A key file giving the water meter {@code key} (a wrong one, for tests). */
    public static Path writeKeyFile(Path dir, byte[] key) throws IOException {
        Path file = dir.resolve("wmbus.keys");
        Files.createDirectories(dir);
        Files.writeString(file, "# demo water meter (SimWmbusMeter)\n" + METER.id() + " "
                + HexFormat.of().formatHex(key) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** The channel block for the node's config, reading volume and flow of the water meter. */
    public String channelYaml(String id, Path keyFile) {
        return """
                - id: %s
                  type: wmbus
                  port: %s
                  stick: im871a
                  radio-mode: t1
                  meter-id: "%s"
                  key-file: %s
                  readings:
                    - { description: VOLUME, quantity: volume }
                """.formatted(id, nodePort(), METER.id(), keyFile.toAbsolutePath());
    }

    @Override
    public void close() {
        stick.close();
    }
}
