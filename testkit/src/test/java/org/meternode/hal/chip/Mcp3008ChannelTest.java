package org.meternode.hal.chip;

import org.meternode.hal.AnalogChannelContract;
import org.meternode.hal.bus.fake.FakeSpiBus;
import org.meternode.hal.chip.model.Mcp3008Model;
import org.meternode.hal.bus.fake.VirtualSleeper;

class Mcp3008ChannelTest extends AnalogChannelContract {
    @Override
    protected Subject newSubject() {
        VirtualSleeper time = new VirtualSleeper();
        Mcp3008Model chip = new Mcp3008Model(3.3);
        FakeSpiBus bus = new FakeSpiBus(chip);
        Mcp3008 adc = new Mcp3008(bus, 3.3, 2000, time);
        return new Subject(adc.channel(5), v -> chip.setInput(5, v), 3.3 / 1024, 3.3, time.clock(), bus::disconnect);
    }
}
