package org.meternode.hal.meter.dsmr;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.meternode.hal.meter.DecodingException;

/**
 * One decoded DSMR / e-MUCS P1 telegram: the identification after '/', the P1 version (1-3:0.2.8 or
 * e-MUCS 0-0:96.1.4; absent before DSMR 4), the message timestamp, every object line in order and the
 * power failure log. {@code crcChecked} is false only for DSMR 2.2/3 telegrams, which carry no CRC.
 */
public record DsmrTelegram(
        String header,
        Optional<String> version,
        Optional<OffsetDateTime> timestamp,
        List<DsmrObject> objects,
        List<DsmrPowerFailure> powerFailures,
        boolean crcChecked) {

    public DsmrTelegram {
        objects = List.copyOf(objects);
        powerFailures = List.copyOf(powerFailures);
    }

    /**
     * Decodes one telegram from '/' through '!', the CRC if any and an optional CR LF; nothing else
     * may follow. Checks the CRC-16/ARC over '/' .. '!' inclusive when the telegram carries one.
     */
    public static DsmrTelegram decode(byte[] telegram) throws DecodingException {
        return new DsmrParser(telegram).parse();
    }

    /** The first object with this OBIS code; {@code 1-0:1.8.1}, {@code 1-0:1.8.1.255} and {@code *255} match alike. */
    public Optional<DsmrObject> object(String obis) {
        String wanted = DsmrObis.normalise(obis);
        return objects.stream().filter(o -> DsmrObis.normalise(o.obis()).equals(wanted)).findFirst();
    }

    /** The typed value of the first object with this OBIS code, if it has one. */
    public Optional<DsmrValue> value(String obis) {
        return object(obis).flatMap(DsmrObject::value);
    }
}
