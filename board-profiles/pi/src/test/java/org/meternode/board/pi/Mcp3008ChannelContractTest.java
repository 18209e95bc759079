package org.meternode.board.pi;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.meternode.hal.AnalogChannelContract;
import org.meternode.hal.BoardException;

/** hal's AnalogChannelContract against the board's MCP3008 channel: driver on Pi4jSpiBus on Pi4J on the chip model. */
class Mcp3008ChannelContractTest extends AnalogChannelContract {
    private final List<ChipBoard> boards = new ArrayList<>();

    @Override
    protected Subject newSubject() {
        try {
            ChipBoard chips = new ChipBoard(Files.createTempDirectory("pi-board"));
            boards.add(chips);
            return new Subject(chips.board.analogChannel("pot", "mcp3008@0/ch3"), v -> chips.mcp3008.setInput(3, v),
                    PiBoard.MCP3008_VREF_VOLTS / 1024, 3.3, chips.time.clock(), chips.spi0::disconnect);
        } catch (BoardException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void closeBoards() {
        boards.forEach(ChipBoard::close);
    }
}
