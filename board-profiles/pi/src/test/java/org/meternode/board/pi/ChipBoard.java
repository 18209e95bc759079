package org.meternode.board.pi;

import java.nio.file.Path;
import java.util.Map;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.chip.model.Ads1115Model;
import org.meternode.hal.chip.model.Ina219Model;
import org.meternode.hal.bus.fake.FakeI2cBus;
import org.meternode.hal.bus.fake.FakeSpiBus;
import org.meternode.hal.chip.model.Mcp3008Model;
import org.meternode.hal.bus.fake.VirtualSleeper;

/**
 * A pi board on virtual time whose I2C bus holds an ADS1115 model at 0x48 and an INA219 model at 0x40, and whose SPI chip select
 * 0 holds an MCP3008 model (VREF 3.3 V), both behind Pi4J providers.
 */
final class ChipBoard implements AutoCloseable {
    final VirtualSleeper time = new VirtualSleeper();
    final FakeI2cBus i2c = new FakeI2cBus("i2c-1");
    final Ads1115Model ads1115 = i2c.attach(0x48, new Ads1115Model(time.clock()));
    final Ina219Model ina219 = i2c.attach(0x40, new Ina219Model());
    final Mcp3008Model mcp3008 = new Mcp3008Model(3.3);
    final FakeSpiBus spi0 = new FakeSpiBus(mcp3008);
    final Pi4jContext pi4j = MockPi4j.withChips(i2c, Map.of(0, spi0));
    final PiBoard board;

    ChipBoard(Path stateDir) throws BoardException {
        board = new PiBoardProvider(options -> pi4j, time).open(BoardOptions.of(Map.of(), stateDir));
    }

    FakeBusI2CProvider i2cProvider() {
        return pi4j.context().provider(FakeBusI2CProvider.ID, FakeBusI2CProvider.class);
    }

    @Override
    public void close() {
        board.close();
    }
}
