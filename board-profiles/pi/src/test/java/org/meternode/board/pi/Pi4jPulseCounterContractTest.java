package org.meternode.board.pi;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.PulseCounter;
import org.meternode.hal.PulseCounterContract;
import org.meternode.hal.PulseInput;
import org.meternode.hal.bus.fake.VirtualSleeper;

/** The pulse counter contract on Pi4J's MockDigitalInput: each pulse is a debounced low-high toggle. */
class Pi4jPulseCounterContractTest extends PulseCounterContract {
    private static final Duration WIDTH = Duration.ofMillis(20);

    @TempDir
    Path stateDir;

    @Override
    protected Subject newSubject() throws Exception {
        VirtualSleeper time = new VirtualSleeper();
        Pi4jContext pi4j = MockPi4j.mockPlugins();
        PiBoard board = new PiBoardProvider(options -> pi4j, time).open(BoardOptions.of(Map.of(), stateDir));
        PulseCounter counter = board.pulseCounter(new PulseInput("grid", "GPIO17", WIDTH));
        MockDigitalInput line = MockPi4j.input(pi4j.context(), 17);
        line.mockState(DigitalState.HIGH); // S0 idle: open collector off, pulled up (the first rise may count)
        time.advance(Duration.ofMillis(100));
        return new Subject() {
            @Override
            public PulseCounter counter() {
                return counter;
            }

            @Override
            public long pulse(int n) throws Exception {
                for (int i = 0; i < n; i++) {
                    line.mockState(DigitalState.LOW);
                    time.advance(Duration.ofMillis(30));
                    line.mockState(DigitalState.HIGH);
                    time.advance(Duration.ofMillis(60));
                }
                return n;
            }

            @Override
            public void close() {
                board.close();
            }
        };
    }
}
