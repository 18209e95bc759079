package org.meternode.board.sim;

import static org.meternode.board.sim.SimTesting.VIRTUAL_START;
import static org.meternode.board.sim.SimTesting.WALL_START;
import static org.meternode.board.sim.SimTesting.map;
import static org.meternode.board.sim.SimTesting.open;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.meternode.hal.AnalogChannel;
import org.meternode.hal.AnalogChannelContract;

/**
 * hal's AnalogChannelContract on sim inputs: a dc-voltage meter read through a hal chip driver on a
 * sim bus, against the chip's register model. Subclasses pick the chip.
 */
abstract class SimAnalogChannelContractTest extends AnalogChannelContract {
    private final List<SimBoard> boards = new ArrayList<>();

    abstract String pin();

    abstract double stepVolts();

    @Override
    protected Subject newSubject() {
        try {
            String pin = pin();
            SimBoard board = open(new ManualWallTime(WALL_START), Files.createTempDirectory("sim-board"),
                    map("start", VIRTUAL_START.toString(), "meters", map(pin, map("type", "dc-voltage"))));
            boards.add(board);
            AnalogChannel channel = board.analogChannel("level", pin);
            channel.readVolts(); // starts the chip's sample time, so its clock can be read
            return new Subject(channel, v -> board.setVolts(pin, v), stepVolts(), 3.3, board.sampleClock(pin),
                    () -> board.unplug(pin));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void closeBoards() {
        boards.forEach(SimBoard::close);
    }

    /** Through the hal Ads1115 driver on the sim I2C bus (±4.096 V, 860 SPS single-shot). */
    static class OnAds1115 extends SimAnalogChannelContractTest {
        @Override
        String pin() {
            return "ads1115@0x49/A2";
        }

        @Override
        double stepVolts() {
            return 4.096 / 32768;
        }
    }

    /** Through the hal Mcp3008 driver on the sim SPI bus (VREF 3.3 V, 10 bit). */
    static class OnMcp3008 extends SimAnalogChannelContractTest {
        @Override
        String pin() {
            return "mcp3008@0/ch3";
        }

        @Override
        double stepVolts() {
            return 3.3 / 1024;
        }
    }

    /** A bare input name gets an ADS1115 of its own. */
    static class OnOwnAds1115 extends SimAnalogChannelContractTest {
        @Override
        String pin() {
            return "A3";
        }

        @Override
        double stepVolts() {
            return 4.096 / 32768;
        }
    }
}
