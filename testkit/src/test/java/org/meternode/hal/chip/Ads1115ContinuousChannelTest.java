package org.meternode.hal.chip;

import org.meternode.hal.AnalogChannelContract;
import org.meternode.hal.chip.model.Ads1115Model;
import org.meternode.hal.bus.fake.FakeI2cBus;
import org.meternode.hal.bus.fake.VirtualSleeper;
import org.meternode.hal.chip.Ads1115.DataRate;
import org.meternode.hal.chip.Ads1115.Gain;
import org.meternode.hal.chip.Ads1115.Input;
import org.meternode.hal.chip.Ads1115.Mode;

class Ads1115ContinuousChannelTest extends AnalogChannelContract {
    @Override
    protected Subject newSubject() {
        VirtualSleeper time = new VirtualSleeper();
        FakeI2cBus bus = new FakeI2cBus();
        Ads1115Model chip = bus.attach(0x49, new Ads1115Model(time.clock()));
        Ads1115 adc = new Ads1115(bus, 0x49, Gain.FSR_1V024, DataRate.SPS_860, time);
        // A CT clamp's burden voltage against a mid-rail reference on AIN3.
        chip.setInput(3, 0.0);
        return new Subject(adc.channel(Input.AIN0_AIN3, Mode.CONTINUOUS), v -> chip.setInput(0, v),
                Gain.FSR_1V024.lsbVolts(), 1.0, time.clock(), () -> bus.detach(0x49));
    }
}
