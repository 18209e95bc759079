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
abstract class SimAnalogInputContract extends AnalogChannelContract {
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
}
