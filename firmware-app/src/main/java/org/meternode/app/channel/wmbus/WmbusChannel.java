package org.meternode.app.channel.wmbus;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.meternode.app.channel.MbusChannel;
import org.meternode.app.channel.SerialMeterChannel;
import org.meternode.app.config.MbusChannelConfig;
import org.meternode.app.outbox.CounterState;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.Reading;
import org.meternode.app.reading.ReadingStream;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.wmbus.WmbusAddress;
import org.meternode.hal.meter.wmbus.WmbusDecoder;
import org.meternode.hal.meter.wmbus.WmbusKeys;
import org.meternode.hal.meter.wmbus.WmbusTelegram;
import org.meternode.hal.meter.wmbus.stick.RadioFrame;
import org.meternode.hal.serial.SerialLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One wireless M-Bus meter, picked out by its id from everything the stick hears. Each telegram of
 * that meter is decoded (link CRCs, decryption with its key, records) as it arrives and the latest
 * good one is kept with its RSSI; a sample reports the configured records of it and the RSSI. A
 * telegram that does not decode (wrong key, damage) is counted and logged, never reported. When the
 * meter has been silent for longer than {@code silence}, the sample fails naming the silence and
 * the sampler stores FAULT readings.
 */
public final class WmbusChannel extends SerialMeterChannel<WmbusTelegram, MbusChannelConfig.Reading> {
    private static final Logger LOG = LoggerFactory.getLogger(WmbusChannel.class);
    static final ReadingStream RSSI = ReadingStream.of(Quantity.RSSI);

    private final WmbusChannelConfig config;
    private final WmbusKeys keys;
    private final Clock clock;
    private final byte[] idBcd;
    private final AtomicLong otherMeters = new AtomicLong();
    private volatile Latest latest;
    private volatile String lastRefusal = "";

    private record Latest(WmbusTelegram telegram, int rssiDbm, Instant at) {
    }

    private WmbusChannel(WmbusChannelConfig config, SerialLine line, WmbusKeys keys, Clock clock) {
        super(WmbusType.NAME, config.id(), line, config.readings());
        this.config = config;
        this.keys = keys;
        this.clock = clock;
        this.idBcd = WmbusAddress.idBytes(config.meterId());
    }

    /** Subscribes to the stick on the configured port (opening it if no other wmbus channel has). */
    static WmbusChannel open(WmbusChannelConfig config, org.meternode.hal.Board board) throws IOException {
        WmbusKeys keys = WmbusKeys.none();
        if (config.keyFile().isPresent()) {
            try {
                keys = WmbusKeyFile.load(config.keyFile().get());
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IOException("channel '" + config.id() + "': key-file " + config.keyFile().get()
                        + " does not exist", e);
            }
        }
        WmbusChannel[] channel = new WmbusChannel[1];
        StickReceiver.Subscription subscription = StickReceiver.subscribe(config.id(), config.port(), config.stick(),
                config.mode(), board, frame -> {
                    if (channel[0] != null) {
                        channel[0].onFrame(frame);
                    }
                });
        channel[0] = new WmbusChannel(config, new SubscriptionLine(subscription), keys, board.sleeper().clock());
        return channel[0];
    }

    /** One frame the stick heard: kept when it is this meter's and decodes. */
    void onFrame(RadioFrame frame) {
        byte[] bytes = frame.frame();
        if (!mentionsMeter(bytes)) {
            otherMeters.incrementAndGet();
            return;
        }
        try {
            WmbusTelegram telegram = WmbusDecoder.decode(bytes, keys);
            if (!telegram.meter().id().equals(config.meterId()) && !telegram.link().id().equals(config.meterId())) {
                otherMeters.incrementAndGet();
                return;
            }
            latest = new Latest(telegram, frame.rssiDbm(), clock.instant());
            countGood();
        } catch (DecodingException e) {
            countBad();
            String refusal = e.getMessage();
            if (!refusal.equals(lastRefusal)) {
                LOG.error("channel '{}': telegram of meter {} refused: {} (frame {} bytes, RSSI {} dBm)", id,
                        config.meterId(), refusal, bytes.length, frame.rssiDbm());
            }
            lastRefusal = refusal;
        }
    }

    /**
     * Whether the telegram names this meter where telegrams do: the link address (bytes 4..7, BCD,
     * least significant byte first) or, behind a radio converter, a long transport header (CI 72h
     * followed by the id). Frames of the other meters in range are not decoded at all.
     */
    private boolean mentionsMeter(byte[] frame) {
        if (frame.length >= 8 && Arrays.equals(frame, 4, 8, idBcd, 0, 4)) {
            return true;
        }
        for (int p = 10; p + 5 <= frame.length; p++) {
            if ((frame[p] & 0xFF) == 0x72 && Arrays.equals(frame, p + 1, p + 5, idBcd, 0, 4)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<ReadingStream> streams() {
        List<ReadingStream> streams = new ArrayList<>(super.streams());
        streams.add(RSSI);
        return streams;
    }

    @Override
    public Sample sample(Instant intervalEnd, List<Instant> missed, Optional<CounterState> previous)
            throws IOException {
        Latest now = latest;
        if (now == null) {
            throw new IOException("no telegram from wM-Bus meter " + config.meterId() + " on " + line + " yet ("
                    + counts() + ")");
        }
        Duration age = Duration.between(now.at(), clock.instant());
        if (age.compareTo(config.silence()) > 0) {
            throw new IOException("wM-Bus meter " + config.meterId() + " silent for " + age.toSeconds()
                    + " s (its latest telegram came at " + now.at() + "), longer than silence "
                    + config.silence().toSeconds() + " s (" + counts() + ")");
        }
        List<Reading> readings = new ArrayList<>(sampleOf(now.telegram(), intervalEnd).readings());
        readings.add(Reading.of(RSSI.in(id), intervalEnd, BigDecimal.valueOf(now.rssiDbm()), Quantity.RSSI.unit(),
                Reading.Quality.GOOD));
        return new Sample(readings, Optional.empty());
    }

    @Override
    protected Optional<MeterValue> value(WmbusTelegram telegram, MbusChannelConfig.Reading reading) {
        return MbusChannel.select(telegram.records(), reading);
    }

    @Override
    protected String counts() {
        return super.counts() + " of meter " + config.meterId() + ", " + otherMeters.get() + " of other meters"
                + (lastRefusal.isEmpty() ? "" : ", last refused: " + lastRefusal);
    }

    /**
     * The stick's port as this channel sees it: the stick's own thread reads it, so the channel
     * never does; closing it leaves the stick (the last channel to leave closes the port).
     */
    private record SubscriptionLine(StickReceiver.Subscription subscription) implements SerialLine {
        @Override
        public java.io.InputStream input() {
            throw new UnsupportedOperationException("the wM-Bus stick's reader thread reads " + this);
        }

        @Override
        public java.io.OutputStream output() {
            throw new UnsupportedOperationException("the wM-Bus stick's reader thread owns " + this);
        }

        @Override
        public void configure(org.meternode.hal.serial.SerialSettings settings) {
            throw new UnsupportedOperationException("the wM-Bus stick's settings are its own: " + this);
        }

        @Override
        public void close() {
            subscription.close();
        }

        @Override
        public String toString() {
            return subscription.receiver().port();
        }
    }
}
