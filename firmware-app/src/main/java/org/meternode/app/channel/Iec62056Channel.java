package org.meternode.app.channel;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.meternode.app.config.ObisReading;
import org.meternode.hal.Sleeper;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.iec62056.Iec62056DataBlock;
import org.meternode.hal.meter.iec62056.Iec62056DataSet;
import org.meternode.hal.meter.iec62056.Iec62056Reader;
import org.meternode.hal.meter.iec62056.Iec62056Readout;
import org.meternode.hal.serial.SerialLine;
import org.meternode.hal.serial.SerialSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An IEC 62056-21 meter read out in mode C at each sample through an optical probe: sign-on
 * {@code /?address!} at the start rate, identification, acknowledgement with the offered rate, switch,
 * data block with its BCC checked. A silent meter, a bad BCC or a readout cut short fail the sample.
 */
public final class Iec62056Channel extends PolledMeterChannel<Iec62056Readout, ObisReading> {
    private static final Logger LOG = LoggerFactory.getLogger(Iec62056Channel.class);
    /** A whole readout: sign-on at 300 baud (~0.5 s) and a data block of a few hundred bytes. */
    private static final Duration READOUT_TIMEOUT = Duration.ofSeconds(20);

    private final Iec62056Reader reader;
    private final String deviceAddress;
    private final Duration readoutTimeout;

    public Iec62056Channel(String id, SerialLine line, SerialSettings startSettings, String deviceAddress,
                           List<ObisReading> readings) {
        this(id, line, startSettings, deviceAddress, readings, READOUT_TIMEOUT);
    }

    Iec62056Channel(String id, SerialLine line, SerialSettings startSettings, String deviceAddress,
                    List<ObisReading> readings, Duration readoutTimeout) {
        super(Iec62056Type.NAME, id, line, readings);
        this.reader = new Iec62056Reader(line, startSettings, Sleeper.system());
        this.deviceAddress = deviceAddress;
        this.readoutTimeout = readoutTimeout;
    }

    @Override
    protected Iec62056Readout poll() throws IOException, DecodingException {
        Iec62056Readout readout = reader.readModeC(deviceAddress, readoutTimeout);
        LOG.debug("channel '{}': readout {}", id, readout);
        return readout;
    }

    @Override
    protected String frameName() {
        return "IEC 62056-21 readout";
    }

    @Override
    protected Optional<MeterValue> value(Iec62056Readout readout, ObisReading reading) {
        return dataSet(readout.data(), reading.obis());
    }

    /**
     * The numeric data set for an OBIS code: the address written alike, with {@code *255} or
     * {@code &255}, or without its medium and channel ({@code 1.8.0} for {@code 1-0:1.8.0}).
     */
    static Optional<MeterValue> dataSet(Iec62056DataBlock block, String obis) {
        String wanted = shortForm(obis);
        for (Iec62056DataSet set : block.dataSets()) {
            if (set.address().equals(obis) || shortForm(set.address()).equals(wanted)) {
                return set.number().map(n -> new MeterValue(n, set.unit()));
            }
        }
        return Optional.empty();
    }

    /** C.D.E of an OBIS code, with F kept unless it is 255. */
    private static String shortForm(String address) {
        String s = address.contains(":") ? address.substring(address.indexOf(':') + 1) : address;
        s = s.replaceFirst("[*&]255$", "");
        return s.replace('&', '*');
    }
}
