package org.meternode.board.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.meternode.hal.AnalogChannel;
import org.meternode.hal.AnalogInput;
import org.meternode.hal.chip.Ads1115;
import org.meternode.hal.chip.Mcp3008;
import org.meternode.hal.chip.model.Ads1115Model;
import org.meternode.hal.chip.model.Ina219Model;
import org.meternode.hal.chip.model.Mcp3008Model;
import org.meternode.hal.chip.model.ModelI2cBus;
import org.meternode.hal.chip.model.ModelSpiBus;

/**
 * The sim board's hardware under the meters: one I2C bus ({@code sim-i2c}) with an ADS1115 register
 * model per {@code ads1115@0xNN} address and an INA219 model per {@code ina219@0xNN} meter, one SPI
 * chip select per {@code mcp3008@C} with an MCP3008 model (VREF 3.3 V), and, for an analog meter with
 * a bare name such as {@code A0}, an ADS1115 of its own at 0x48 on a bus of its own. Each ADC chip has
 * its own {@link ChipTimeBase}; the hal drivers run on these buses exactly as on a Pi.
 */
final class SimChips {
    /** ±4.096 V: the range the sim's analog meters are scaled for (a 3.3 V supply's whole input range). */
    static final Ads1115.Gain ADS1115_GAIN = Ads1115.Gain.FSR_4V096;
    static final double MCP3008_VREF_VOLTS = 3.3;

    /** One ADS1115: its bus, register model, hal driver and time base. */
    record AdsChip(ModelI2cBus bus, int address, Ads1115Model model, Ads1115 driver, ChipTimeBase time) {
    }

    /** One MCP3008 chip select: its bus, register model and time base (drivers are made per input: rates may differ). */
    record McpChip(ModelSpiBus bus, Mcp3008Model model, ChipTimeBase time) {
    }

    private final ModelI2cBus i2c = new ModelI2cBus("sim-i2c");
    private final Map<String, AdsChip> adsByMeter = new HashMap<>();
    private final Map<Integer, AdsChip> adsByAddress = new HashMap<>();
    private final Map<Integer, McpChip> mcpBySelect = new HashMap<>();
    private final Map<String, Mcp3008Input> mcpByMeter = new HashMap<>();
    private final Map<Integer, Ina219Model> inaByAddress = new HashMap<>();

    private record Mcp3008Input(McpChip chip, int channel, double samplesPerSecond) {
    }

    /** Wires each analog meter's voltage into its chip's input, and puts an INA219 model at each ina219 address. */
    SimChips(Map<String, MeterSpec> specs, Map<String, Object> meters) {
        specs.forEach((pin, spec) -> {
            if (spec instanceof MeterSpec.Analog analog) {
                wire(pin, analog, (AnalogMeter) meters.get(pin));
            } else if (spec instanceof MeterSpec.Ina219) {
                int address = SimOptionsParser.inaAddress(pin);
                inaByAddress.put(address, i2c.attach(address, new Ina219Model()));
            }
        });
    }

    /** The I2C bus the {@code ads1115@...} and {@code ina219@...} chips sit on. */
    ModelI2cBus i2c() {
        return i2c;
    }

    /** The INA219 model of the ina219 meter at {@code address}, attached to {@link #i2c()}. */
    Ina219Model ina219(int address) {
        return inaByAddress.get(address);
    }

    /** The time base of the chip behind analog meter {@code pin}. */
    ChipTimeBase timeOf(String pin) {
        AdsChip ads = adsByMeter.get(pin);
        return ads != null ? ads.time() : mcpByMeter.get(pin).chip().time();
    }

    /** The ADS1115 behind analog meter {@code pin}, if it is on one. */
    Optional<AdsChip> adsOf(String pin) {
        return Optional.ofNullable(adsByMeter.get(pin));
    }

    /** The hal driver's channel for analog meter {@code pin}: single-shot conversions, so inputs of one chip interleave. */
    AnalogChannel driverChannel(String pin, AnalogInput input) {
        AdsChip ads = adsByMeter.get(pin);
        if (ads != null) {
            Ads1115.Input mux = input instanceof AnalogInput.Ads1115Input a ? a.input() : Ads1115.Input.AIN0;
            return ads.driver().channel(mux, Ads1115.Mode.SINGLE_SHOT);
        }
        Mcp3008Input mcp = mcpByMeter.get(pin);
        return new Mcp3008(mcp.chip().bus(), MCP3008_VREF_VOLTS, mcp.samplesPerSecond(), mcp.chip().time())
                .channel(mcp.channel());
    }

    /** Unplugs the chip behind {@code pin} (an analog meter or an ina219 meter): it stops answering. */
    void unplug(String pin, Optional<Integer> inaAddress) {
        if (inaAddress.isPresent()) {
            i2c.detach(inaAddress.get());
        } else if (adsByMeter.containsKey(pin)) {
            AdsChip ads = adsByMeter.get(pin);
            ads.bus().detach(ads.address());
        } else if (mcpByMeter.containsKey(pin)) {
            mcpByMeter.get(pin).chip().bus().disconnect();
        }
    }

    private void wire(String pin, MeterSpec.Analog spec, AnalogMeter meter) {
        Optional<AnalogInput> input = SimOptionsParser.chipInput(pin);
        if (input.isPresent() && input.get() instanceof AnalogInput.Mcp3008Input mcp) {
            McpChip chip = mcpBySelect.computeIfAbsent(mcp.chipSelect(), cs -> {
                ChipTimeBase time = new ChipTimeBase();
                Mcp3008Model model = new Mcp3008Model(MCP3008_VREF_VOLTS, time.clock());
                return new McpChip(new ModelSpiBus(model), model, time);
            });
            chip.model().setInput(mcp.channel(), meter::adcVoltsAt);
            mcpByMeter.put(pin, new Mcp3008Input(chip, mcp.channel(), spec.samplesPerSecond()));
            return;
        }
        AdsChip chip;
        int ain = 0;
        if (input.isPresent() && input.get() instanceof AnalogInput.Ads1115Input ads) {
            chip = adsByAddress.computeIfAbsent(ads.address(), a -> newAds(i2c, a, spec));
            ain = ads.ain();
        } else {
            chip = newAds(new ModelI2cBus("sim-i2c-" + pin), Ads1115.ADDRESS_GND, spec);
        }
        chip.model().setInput(ain, meter::adcVoltsAt);
        adsByMeter.put(pin, chip);
    }

    private static AdsChip newAds(ModelI2cBus bus, int address, MeterSpec.Analog spec) {
        ChipTimeBase time = new ChipTimeBase();
        Ads1115Model model = bus.attach(address, new Ads1115Model(time.clock()));
        Ads1115 driver = new Ads1115(bus, address, ADS1115_GAIN, SimOptionsParser.adsRate(spec.samplesPerSecond()), time);
        return new AdsChip(bus, address, model, driver, time);
    }
}
