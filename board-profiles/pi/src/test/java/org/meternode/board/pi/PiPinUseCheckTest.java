package org.meternode.board.pi;

import java.util.List;
import java.util.Map;
import org.meternode.hal.BoardProvider;
import org.meternode.hal.PinUse;
import org.meternode.hal.PinUse.Capability;
import org.meternode.hal.PinUseCheckContract;
import org.meternode.hal.bus.fake.FakeI2cBus;
import org.meternode.hal.bus.fake.FakeSpiBus;
import org.meternode.hal.bus.fake.VirtualSleeper;
import org.meternode.hal.chip.model.Ads1115Model;
import org.meternode.hal.chip.model.Ina219Model;
import org.meternode.hal.chip.model.Mcp3008Model;

/**
 * The pi profile's check of the channels' pins and inputs, as its board judges them; the board is
 * opened on Pi4J's mock pins and hal's chip models (an ADS1115 at 0x48, an INA219 at 0x40, an
 * MCP3008 on chip select 0), the check starts no Pi4J at all.
 */
class PiPinUseCheckTest extends PinUseCheckContract {
    private final PiBoardProvider provider = new PiBoardProvider(o -> withChips(), new VirtualSleeper());

    private static Pi4jContext withChips() {
        VirtualSleeper time = new VirtualSleeper();
        FakeI2cBus i2c = new FakeI2cBus("i2c-1");
        i2c.attach(0x48, new Ads1115Model(time.clock()));
        i2c.attach(0x40, new Ina219Model());
        return MockPi4j.withChips(i2c, Map.of(0, new FakeSpiBus(new Mcp3008Model(3.3))));
    }

    @Override
    protected BoardProvider provider() {
        return provider;
    }

    @Override
    protected List<Case> refused() {
        return List.of(
                new Case("a pin number past the header", Map.of(),
                        List.of(new PinUse("grid", "GPIO99", Capability.PULSE_COUNTER))),
                new Case("an ADS1115 address the chip cannot have", Map.of(),
                        List.of(new PinUse("mains", "ads1115@0x99/A0", Capability.ANALOG))),
                new Case("two channels on one pin, written two ways", Map.of(),
                        List.of(new PinUse("grid", "GPIO17", Capability.PULSE_COUNTER),
                                new PinUse("water", "17", Capability.PULSE_COUNTER))),
                new Case("a pulse channel on I2C bus 1's SCL after an ADC", Map.of(),
                        List.of(new PinUse("mains", "ads1115@0x48/A0", Capability.ANALOG),
                                new PinUse("grid", "GPIO3", Capability.PULSE_COUNTER))),
                new Case("an INA219 at an ADS1115's address", Map.of(),
                        List.of(new PinUse("mains", "ads1115@0x48/A0", Capability.ANALOG),
                                new PinUse("battery", "ina219@0x48", Capability.POWER_MONITOR))),
                new Case("a channel on the tamper switch's pin", Map.of("tamper", "GPIO22"),
                        List.of(new PinUse("grid", "GPIO22", Capability.PULSE_COUNTER))),
                new Case("a power monitor input that is not an INA219", Map.of(),
                        List.of(new PinUse("battery", "ina226@0x40", Capability.POWER_MONITOR))));
    }

    @Override
    protected Case granted() {
        return new Case("one of each", Map.of("tamper", "GPIO5", "status-led", "GPIO6"),
                List.of(new PinUse("grid", "GPIO17", Capability.PULSE_COUNTER),
                        new PinUse("mains", "ads1115@0x48/A0", Capability.ANALOG),
                        new PinUse("mains", "ads1115@0x48/A1", Capability.ANALOG),
                        new PinUse("pot", "mcp3008@0/ch3", Capability.ANALOG),
                        new PinUse("battery", "ina219@0x40", Capability.POWER_MONITOR),
                        new PinUse("door", "GPIO27", Capability.DIGITAL_IN),
                        new PinUse("relay", "GPIO24", Capability.DIGITAL_OUT)));
    }
}
