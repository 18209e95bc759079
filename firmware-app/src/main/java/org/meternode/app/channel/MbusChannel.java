package org.meternode.app.channel;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.meternode.app.config.MbusChannelConfig;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.mbus.MbusMaster;
import org.meternode.hal.meter.mbus.MbusReadout;
import org.meternode.hal.meter.mbus.MbusRecord;
import org.meternode.hal.serial.SerialLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A wired M-Bus meter behind a level converter, polled at each sample: REQ_UD2 (after SND_NKE, and
 * after its selection when addressed by secondary id), every telegram of a multi-telegram readout,
 * frames checked (checksum, both lengths, stop byte) before jmbus decodes the records. A reply that
 * is damaged is asked for again once; a readout that still fails gives FAULT readings.
 */
public final class MbusChannel extends PolledMeterChannel<MbusReadout, MbusChannelConfig.Reading> {
    private static final Logger LOG = LoggerFactory.getLogger(MbusChannel.class);

    private final MbusMaster master;
    private final MbusChannelConfig config;

    public MbusChannel(MbusChannelConfig config, SerialLine line, MbusMaster master) {
        super(MbusType.NAME, config.id(), line, config.readings());
        this.master = master;
        this.config = config;
    }

    /** A channel on an open line; the link is reset (SND_NKE) once now, a silent meter only logged. */
    static MbusChannel open(MbusChannelConfig config, SerialLine line) throws IOException {
        MbusMaster master = new MbusMaster(line, config.serial(), MbusMaster.responseTimeoutFor(config.serial().baud()), 2,
                LINE_TIME);
        MbusChannel channel = new MbusChannel(config, line, master);
        int address = config.primaryAddress().orElse(0xFD);
        if (config.primaryAddress().isPresent() && !master.sendNke(address)) {
            LOG.warn("channel '{}': M-Bus meter at {} on {} did not acknowledge SND_NKE; polling anyway",
                    config.id(), config.address(), line);
        }
        return channel;
    }

    @Override
    protected MbusReadout poll() throws IOException, DecodingException {
        long started = System.nanoTime();
        MbusReadout readout = config.primaryAddress().isPresent() ? master.read(config.primaryAddress().getAsInt())
                : master.readSecondary(config.secondaryId());
        LOG.debug("channel '{}': M-Bus readout of {} in {} ms, {} telegram(s): {}", id, config.address(),
                (System.nanoTime() - started) / 1_000_000, readout.telegrams().size(), readout.records());
        return readout;
    }

    @Override
    protected String frameName() {
        return "M-Bus readout of " + config.address();
    }

    @Override
    protected String counts() {
        return super.counts() + ", " + master.timeouts() + " timeouts, " + master.rejectedFrames() + " rejected frames";
    }

    @Override
    protected Optional<MeterValue> value(MbusReadout readout, MbusChannelConfig.Reading reading) {
        return select(readout.records(), reading);
    }

    /**
     * The value {@code reading} selects among M-Bus records (wired or wireless): the record at its index,
     * or the first instantaneous one with its description, tariff and storage.
     */
    public static Optional<MeterValue> select(List<MbusRecord> records, MbusChannelConfig.Reading reading) {
        Optional<MbusRecord> record;
        if (reading.record().isPresent()) {
            int index = reading.record().getAsInt();
            record = index < records.size() ? Optional.of(records.get(index)) : Optional.empty();
        } else {
            record = records.stream().filter(r -> r.description().equals(reading.description())
                    && r.tariff() == reading.tariff() && r.storage() == reading.storage()
                    && r.function() == MbusRecord.Function.INSTANTANEOUS).findFirst();
        }
        return record.flatMap(r -> r.scaledValue().map(v -> new MeterValue(v, r.unit())));
    }
}
