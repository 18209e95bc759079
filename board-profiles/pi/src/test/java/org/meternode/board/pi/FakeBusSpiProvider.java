package org.meternode.board.pi;

import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiProvider;
import com.pi4j.io.spi.SpiProviderBase;
import com.pi4j.plugin.mock.provider.spi.MockSpi;
import java.util.Arrays;
import java.util.Map;
import org.meternode.hal.bus.fake.FakeSpiBus;

/** A Pi4J SPI provider whose chip-select lines are hal {@link FakeSpiBus}es with chip models. */
final class FakeBusSpiProvider extends SpiProviderBase {
    static final String ID = "fake-bus-spi";

    private final Map<Integer, FakeSpiBus> buses;

    FakeBusSpiProvider(Map<Integer, FakeSpiBus> busesByChipSelect) {
        super(ID, "SPI on hal chip models");
        this.buses = Map.copyOf(busesByChipSelect);
    }

    @Override
    public Spi create(SpiConfig config) {
        FakeSpiBus bus = buses.get(config.address());
        if (bus == null) {
            throw new IllegalStateException("no /dev/spidev" + config.bus().getBus() + "." + config.address());
        }
        Spi spi = new ChipSpi(this, config, bus);
        context.registry().add(spi);
        return spi;
    }

    /** MockSpi for the bookkeeping; frames go to the chip model instead of the mock's buffer. */
    private static final class ChipSpi extends MockSpi {
        private final FakeSpiBus bus;

        ChipSpi(SpiProvider provider, SpiConfig config, FakeSpiBus bus) {
            super(provider, config);
            this.bus = bus;
        }

        @Override
        public int transfer(byte[] write, int writeOffset, byte[] read, int readOffset, int length) {
            byte[] in = new byte[length];
            bus.transfer(Arrays.copyOfRange(write, writeOffset, writeOffset + length), in);
            System.arraycopy(in, 0, read, readOffset, length);
            return length;
        }
    }
}
