package org.meternode.board.pi;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.meternode.hal.AnalogChannelContract;
import org.meternode.hal.BoardException;

/** hal's AnalogChannelContract against the board's ADS1115 channel: driver on Pi4jI2cBus on Pi4J on the chip model. */
class Ads1115ChannelContractTest extends AnalogChannelContract {
    private final List<ChipBoard> boards = new ArrayList<>();

    @Override
    protected Subject newSubject() {
        try {
            ChipBoard chips = new ChipBoard(Files.createTempDirectory("pi-board"));
            boards.add(chips);
            return new Subject(chips.board.analogChannel("mains", "ads1115@0x48/A0"), v -> chips.ads1115.setInput(0, v),
                    PiBoard.ADS1115_GAIN.lsbVolts(), 3.3, chips.time.clock(), () -> chips.i2c.detach(0x48));
        } catch (BoardException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void closeBoards() {
        boards.forEach(ChipBoard::close);
    }
}
