package org.meternode.board.pi;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import com.pi4j.plugin.mock.provider.spi.MockSpiProvider;
import java.util.Map;
import org.meternode.hal.bus.fake.FakeI2cBus;
import org.meternode.hal.bus.fake.FakeSpiBus;

/** Pi4J contexts for tests: the mock plugin (test scope only), optionally with I2C/SPI on hal's chip models. */
final class MockPi4j {
    private MockPi4j() {
    }

    /** Pi4J's mock plugin and platform, found the way Pi4J finds them on a machine that is not a Pi. */
    static Pi4jContext mockPlugins() {
        Context context = Pi4J.newContextBuilder().autoDetectMockPlugins().autoDetectPlatforms().build();
        return new Pi4jContext(context, MockDigitalInputProvider.ID, MockDigitalOutputProvider.ID,
                MockI2CProvider.ID, MockSpiProvider.ID);
    }

    /**
     * Mock digital pins, and I2C and SPI whose chips are hal's datasheet models: Pi4J's MockI2C only
     * echoes what was written, so it cannot stand in for an ADS1115.
     */
    static Pi4jContext withChips(FakeI2cBus i2c, Map<Integer, FakeSpiBus> spiByChipSelect) {
        Context context = Pi4J.newContextBuilder().noAutoDetect()
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                        new FakeBusI2CProvider(i2c), new FakeBusSpiProvider(spiByChipSelect))
                .build();
        return new Pi4jContext(context, MockDigitalInputProvider.ID, MockDigitalOutputProvider.ID,
                FakeBusI2CProvider.ID, FakeBusSpiProvider.ID);
    }

    /** The mock input the board opened on BCM {@code bcm}. */
    static MockDigitalInput input(Context context, int bcm) {
        return context.registry().allByType(DigitalInput.class).values().stream()
                .filter(in -> in.config().address() == bcm)
                .map(MockDigitalInput.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no input on BCM " + bcm));
    }

    /** The mock output the board opened on BCM {@code bcm}. */
    static MockDigitalOutput output(Context context, int bcm) {
        return context.registry().allByType(DigitalOutput.class).values().stream()
                .filter(out -> out.config().address() == bcm)
                .map(MockDigitalOutput.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no output on BCM " + bcm));
    }
}
