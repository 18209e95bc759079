package org.meternode.board.pi;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.meternode.hal.PinClaims;
import org.meternode.hal.PulseCount;
import org.meternode.hal.PulseCounter;

/**
 * Counts rising edges of a Pi4J digital input from its state-change listener. Pi4J's gpiod debounce
 * (set on the input) drops bounce trains; on top of that each level must last the channel's
 * debounce, measured on the injected clock, before it counts ({@link DebouncedEdgeCounter}). The
 * total starts at 0 when the channel is opened and only grows; persisting it is the app's job.
 */
public final class Pi4jPulseCounter implements PulseCounter {
    private final String channel;
    private final DigitalInput input;
    private final Clock clock;
    private final PiBoard board;
    private final DebouncedEdgeCounter counter;
    private final DigitalStateChangeListener listener = event -> onState(event.state());

    Pi4jPulseCounter(String channel, DigitalInput input, Duration minWidth, Clock clock, PiBoard board) {
        this.channel = channel;
        this.input = input;
        this.clock = clock;
        this.board = board;
        this.counter = new DebouncedEdgeCounter(minWidth, input.state() == DigitalState.HIGH, clock.instant());
        input.addListener(listener);
    }

    @Override
    public PulseCount read() throws IOException {
        board.ensureOpen(PinClaims.channel(channel));
        Instant now = clock.instant();
        synchronized (counter) {
            return new PulseCount(counter.total(now), now);
        }
    }

    /** Called on Pi4J's event thread. */
    private void onState(DigitalState state) {
        if (state == DigitalState.UNKNOWN) {
            return;
        }
        Instant at = clock.instant();
        synchronized (counter) {
            counter.level(state == DigitalState.HIGH, at);
        }
    }

    @Override
    public String toString() {
        return "pulse counter '" + channel + "' on " + input.name();
    }
}
