package org.meternode.board.linux;

import static org.meternode.board.linux.LinuxTesting.map;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.meternode.hal.BoardProvider;
import org.meternode.hal.PinUse;
import org.meternode.hal.PinUse.Capability;
import org.meternode.hal.PinUseCheckContract;
import org.meternode.hal.bus.fake.VirtualSleeper;

/** The linux profile's check of the channels' pins against {@code board-options.pins}, as its board judges them. */
class LinuxPinUseCheckTest extends PinUseCheckContract {
    private final LinuxBoardProvider provider = new LinuxBoardProvider(new VirtualSleeper(),
            InputEventLayout.LITTLE_ENDIAN_64);
    private FakeKernel kernel;

    @BeforeEach
    void kernel() {
        kernel = new FakeKernel(dir.resolve("kernel"));
        kernel.counter("counter0", "count0", "0");
    }

    @Override
    protected BoardProvider provider() {
        return provider;
    }

    private Map<String, Object> pins(Object... pins) {
        return kernel.options(map("pins", map(pins)));
    }

    @Override
    protected List<Case> refused() {
        return List.of(
                new Case("a pulse channel on an undeclared pin",
                        pins("GPIO17", map("kind", "counter", "device", "counter0")),
                        List.of(new PinUse("grid", "GPIO22", Capability.PULSE_COUNTER))),
                new Case("a pulse channel on an iio pin",
                        pins("A0", map("kind", "iio", "device", "iio:device0", "channel", 0)),
                        List.of(new PinUse("grid", "A0", Capability.PULSE_COUNTER))),
                new Case("a CT clamp on a counter pin",
                        pins("GPIO17", map("kind", "counter", "device", "counter0")),
                        List.of(new PinUse("mains", "GPIO17", Capability.ANALOG))),
                new Case("a power monitor on an iio pin",
                        pins("A0", map("kind", "iio", "device", "iio:device0", "channel", 0)),
                        List.of(new PinUse("battery", "A0", Capability.POWER_MONITOR))),
                new Case("two channels on one counter",
                        pins("GPIO17", map("kind", "counter", "device", "counter0")),
                        List.of(new PinUse("grid", "GPIO17", Capability.PULSE_COUNTER),
                                new PinUse("again", "GPIO17", Capability.PULSE_COUNTER))),
                new Case("a digital output on an input line",
                        pins("DOOR", map("kind", "gpio", "number", 22, "direction", "in")),
                        List.of(new PinUse("relay", "DOOR", Capability.DIGITAL_OUT))));
    }

    @Override
    protected Case granted() {
        return new Case("one of each", pins(
                "GPIO17", map("kind", "counter", "device", "counter0"),
                "KEY", map("kind", "input-event", "device", "input/event3", "code", 256),
                "A0", map("kind", "iio", "device", "iio:device0", "channel", 0),
                "BATT", map("kind", "ina2xx", "device", "iio:device1"),
                "DOOR", map("kind", "gpio", "number", 22, "direction", "in"),
                "STATUS", map("kind", "led", "name", "status")),
                List.of(new PinUse("grid", "GPIO17", Capability.PULSE_COUNTER),
                        new PinUse("water", "KEY", Capability.PULSE_COUNTER),
                        new PinUse("mains", "A0", Capability.ANALOG),
                        new PinUse("battery", "BATT", Capability.POWER_MONITOR),
                        new PinUse("door", "DOOR", Capability.DIGITAL_IN),
                        new PinUse("lamp", "STATUS", Capability.DIGITAL_OUT)));
    }
}
