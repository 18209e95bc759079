package org.meternode.board.sim;

import static org.meternode.board.sim.SimTesting.map;

import java.util.List;
import org.meternode.hal.BoardProvider;
import org.meternode.hal.PinUse;
import org.meternode.hal.PinUse.Capability;
import org.meternode.hal.PinUseCheckContract;

/** The sim profile's check of the channels' pins against {@code board-options.meters}, as its board judges them. */
class SimPinUseCheckTest extends PinUseCheckContract {
    private final SimBoardProvider provider = new SimBoardProvider(new ManualWallTime(SimTesting.WALL_START));

    @Override
    protected BoardProvider provider() {
        return provider;
    }

    @Override
    protected List<Case> refused() {
        return List.of(
                new Case("a pulse channel on a pin without a meter",
                        map("meters", map("GPIO27", map("type", "water-reed"))),
                        List.of(new PinUse("grid", "GPIO17", Capability.PULSE_COUNTER))),
                new Case("a pulse channel on a ct-clamp meter",
                        map("meters", map("A0", map("type", "ct-clamp"))),
                        List.of(new PinUse("grid", "A0", Capability.PULSE_COUNTER))),
                new Case("a CT clamp on a pulse meter",
                        map("meters", map("GPIO17", map("type", "s0-electricity"))),
                        List.of(new PinUse("mains", "GPIO17", Capability.ANALOG))),
                new Case("a power monitor with no ina219 meter",
                        map("meters", map("ina219@0x41", map("type", "ina219"))),
                        List.of(new PinUse("battery", "ina219@0x40", Capability.POWER_MONITOR))),
                new Case("two channels on one meter, the second by its chip name",
                        map("meters", map("ads1115@0x48/A0", map("type", "ct-clamp"))),
                        List.of(new PinUse("mains", "ads1115@0x48/A0", Capability.ANALOG),
                                new PinUse("again", "ads1115/A0", Capability.ANALOG))),
                new Case("a channel on the tamper switch's pin",
                        map("meters", map("GPIO22", map("type", "digital")), "tamper", "GPIO22"),
                        List.of(new PinUse("door", "GPIO22", Capability.DIGITAL_IN))));
    }

    @Override
    protected Case granted() {
        return new Case("one of each", map("meters", map(
                "GPIO17", map("type", "s0-electricity"),
                "ads1115@0x48/A0", map("type", "ct-clamp"),
                "ads1115@0x48/A1", map("type", "ac-voltage"),
                "ina219@0x40", map("type", "ina219"),
                "GPIO22", map("type", "digital"),
                "GPIO23", map("type", "digital"))),
                List.of(new PinUse("grid", "GPIO17", Capability.PULSE_COUNTER),
                        new PinUse("mains", "ads1115/A0", Capability.ANALOG),
                        new PinUse("mains", "ads1115@0x48/A1", Capability.ANALOG),
                        new PinUse("battery", "ina219", Capability.POWER_MONITOR),
                        new PinUse("door", "GPIO22", Capability.DIGITAL_IN),
                        new PinUse("relay", "GPIO23", Capability.DIGITAL_OUT)));
    }
}
