package org.meternode.board.linux;

import static org.meternode.board.linux.FakeKernel.put;
import static org.meternode.board.linux.LinuxTesting.map;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.AnalogChannelContract;
import org.meternode.hal.BoardException;
import org.meternode.hal.bus.fake.VirtualSleeper;

/** The hal's AnalogChannel contract against an ADS1015-like IIO channel on the fake kernel. */
class IioAnalogChannelContractTest extends AnalogChannelContract {
    private static final double MV_PER_COUNT = 2.0; // ADS1015, ±4.096 V full scale, 12 bits
    private static final double MAX_VOLTS = 4.094;

    @TempDir
    Path dir;

    private LinuxBoard board;

    @AfterEach
    void close() {
        if (board != null) {
            board.close();
        }
    }

    @Override
    protected Subject newSubject() {
        try {
            VirtualSleeper time = new VirtualSleeper();
            FakeKernel kernel = new FakeKernel(Files.createTempDirectory(dir, "kernel"));
            Path ads = kernel.iio("iio:device0");
            Path raw = put(ads, "in_voltage0_raw", 0);
            put(ads, "in_voltage0_scale", "2.000000000");
            put(ads, "in_voltage0_sampling_frequency", 1600);
            board = LinuxTesting.open(kernel, time, map("pins", map(
                    "A0", map("kind", "iio", "device", "iio:device0", "channel", 0))));
            return new Subject(board.analogChannel("ct", "A0"),
                    volts -> FakeKernel.write(raw, Math.round(volts * 1000 / MV_PER_COUNT) + "\n"),
                    MV_PER_COUNT / 1000, MAX_VOLTS, time.clock(), () -> FakeKernel.delete(raw));
        } catch (BoardException | IOException e) {
            throw new IllegalStateException("cannot set up the fake ADC: " + e.getMessage(), e);
        }
    }
}
