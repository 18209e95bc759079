package org.meternode.app.lwm2m;

import java.util.Optional;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;
import org.meternode.app.reading.Reading;

/**
 * Which OMA registry object and resource carries each {@link Quantity}. One instance per channel;
 * its Application Type (5750) holds the channel id so the head-end can name the stream.
 */
public enum RegistryObject {
    /** Cumulative active energy, kWh: 3331 Energy / 5700 Sensor Value. */
    ENERGY(Quantity.ENERGY, 3331, 5700, true),
    /** Mean active power, W: 3305 Power Measurement / 5800 Instantaneous active power. */
    POWER(Quantity.POWER, 3305, 5800, false),
    /** Cumulative water volume, m3: 3300 Generic Sensor / 5700 Sensor Value. */
    VOLUME(Quantity.VOLUME, 3300, 5700, true),
    /** RMS current, A: 3317 Current / 5700 Sensor Value. */
    CURRENT(Quantity.CURRENT, 3317, 5700, true),
    /**
     * Apparent power, VA: 3300 Generic Sensor / 5700 Sensor Value (3305 Power Measurement has no
     * apparent power resource). Shares 3300 with volume, so its Application Type is the stream name.
     */
    APPARENT_POWER(Quantity.APPARENT_POWER, 3300, 5700, true),
    /** Mean water flow, L/min: 3300 Generic Sensor / 5700 Sensor Value; Application Type is the stream name. */
    FLOW(Quantity.FLOW, 3300, 5700, true),
    /** Voltage, V: 3316 Voltage / 5700 Sensor Value. */
    VOLTAGE(Quantity.VOLTAGE, 3316, 5700, true),
    /** Apparent energy, kVAh: 3300 Generic Sensor / 5700 Sensor Value; Application Type is the stream name. */
    APPARENT_ENERGY(Quantity.APPARENT_ENERGY, 3300, 5700, true),
    /** Radio signal strength, dBm: 3300 Generic Sensor / 5700 Sensor Value; Application Type is the stream name. */
    RSSI(Quantity.RSSI, 3300, 5700, true);

    /** IPSO Sensor Units. */
    public static final int UNITS = 5701;
    /** IPSO Application Type: meternode puts the channel id here. */
    public static final int APPLICATION_TYPE = 5750;
    /** IPSO Measurement Quality Indicator (where the object defines it). */
    public static final int QUALITY = 6042;

    private final Quantity quantity;
    private final int objectId;
    private final int valueResource;
    private final boolean hasQuality;

    RegistryObject(Quantity quantity, int objectId, int valueResource, boolean hasQuality) {
        this.quantity = quantity;
        this.objectId = objectId;
        this.valueResource = valueResource;
        this.hasQuality = hasQuality;
    }

    public Quantity quantity() {
        return quantity;
    }

    public int objectId() {
        return objectId;
    }

    public int valueResource() {
        return valueResource;
    }

    public boolean hasQuality() {
        return hasQuality;
    }

    public static RegistryObject of(Quantity quantity) {
        for (RegistryObject o : values()) {
            if (o.quantity == quantity) {
                return o;
            }
        }
        throw new IllegalArgumentException("no LwM2M object for " + quantity);
    }

    /** The object meternode uses with id {@code objectId}, if any. */
    public static Optional<RegistryObject> ofObjectId(int objectId) {
        for (RegistryObject o : values()) {
            if (o.objectId == objectId) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** Whether this is the first quantity meternode puts on its object (the one a bare channel id names). */
    public boolean primary() {
        return ofObjectId(objectId).orElseThrow() == this;
    }

    /**
     * The Application Type (5750) an instance of this object carries for {@code stream} of
     * {@code channel}: the bare channel id for a quantity-named stream of the object's primary
     * quantity, else the full stream name ({@code tap.flow}, {@code p1.import-t1}), so that quantities
     * sharing an object (3300) and named streams stay apart. Named streams exist only on primary
     * quantities (the config refuses others), so the object alone gives their unit.
     */
    public String applicationType(String channel, ReadingStream stream) {
        return primary() && !stream.named() ? channel : stream.in(channel);
    }

    /** The object an instance reports on, and the full name of the stream it carries. */
    public record Named(RegistryObject object, String stream) {
    }

    /** The quantity and stream an instance of {@code objectId} with Application Type {@code applicationType} carries. */
    public static Optional<Named> resolve(int objectId, String applicationType) {
        Optional<RegistryObject> primary = ofObjectId(objectId);
        if (primary.isEmpty()) {
            return Optional.empty();
        }
        for (RegistryObject o : values()) {
            String suffix = "." + o.quantity.suffix();
            if (o.objectId == objectId && !o.primary() && applicationType.endsWith(suffix)
                    && applicationType.length() > suffix.length()) {
                return Optional.of(new Named(o, applicationType));
            }
        }
        // Channel ids have no dot: a dotted Application Type is already a full (named) stream name.
        return Optional.of(new Named(primary.get(), applicationType.contains(".") ? applicationType
                : primary.get().quantity.stream(applicationType)));
    }

    /** IPSO 6042 value for a reading quality: 4 accepted, 3 accepted but suspicious, 1 rejected. */
    public static int qualityIndicator(Reading.Quality quality) {
        return switch (quality) {
            case GOOD -> 4;
            case INTERPOLATED -> 3;
            case FAULT -> 1;
        };
    }

    /** The reading quality an IPSO 6042 value stands for. */
    public static Reading.Quality qualityOf(long indicator) {
        return indicator >= 4 ? Reading.Quality.GOOD
                : indicator >= 3 ? Reading.Quality.INTERPOLATED : Reading.Quality.FAULT;
    }
}
