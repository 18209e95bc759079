package org.meternode.hal.chip;

import org.meternode.hal.AnalogChannelContract;
import org.meternode.hal.chip.model.Ads1115Model;
import org.meternode.hal.bus.fake.FakeI2cBus;
import org.meternode.hal.bus.fake.VirtualSleeper;
import org.meternode.hal.chip.Ads1115.DataRate;
import org.meternode.hal.chip.Ads1115.Gain;
import org.meternode.hal.chip.Ads1115.Input;
import org.meternode.hal.chip.Ads1115.Mode;

class Ads1115SingleShotChannelTest extends AnalogChannelContract {
    @Override
    protected Subject newSubject() {
        VirtualSleeper time = new VirtualSleeper();
        FakeI2cBus bus = new FakeI2cBus();
        Ads1115Model chip = bus.attach(0x48, new Ads1115Model(time.clock()));
        Ads1115 adc = new Ads1115(bus, 0x48, Gain.FSR_4V096, DataRate.SPS_250, time);
        return new Subject(adc.channel(Input.AIN2, Mode.SINGLE_SHOT), v -> chip.setInput(2, v),
                Gain.FSR_4V096.lsbVolts(), 3.3, time.clock(), () -> bus.detach(0x48));
    }
}
