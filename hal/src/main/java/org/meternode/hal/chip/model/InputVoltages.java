package org.meternode.hal.chip.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/** The analog inputs of an ADC model: each a fixed voltage or a function of the model's time. */
final class InputVoltages {
    private final ToDoubleFunction<Instant>[] inputs;

    @SuppressWarnings("unchecked")
    InputVoltages(int count) {
        inputs = new ToDoubleFunction[count];
        Arrays.fill(inputs, (ToDoubleFunction<Instant>) t -> 0.0);
    }

    void set(int n, double volts) {
        inputs[n] = t -> volts;
    }

    void set(int n, ToDoubleFunction<Instant> volts) {
        inputs[n] = Objects.requireNonNull(volts, "volts");
    }

    double at(int n, Instant t) {
        return inputs[n].applyAsDouble(t);
    }
}
