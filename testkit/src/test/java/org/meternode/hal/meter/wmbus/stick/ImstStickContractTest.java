package org.meternode.hal.meter.wmbus.stick;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import org.meternode.hal.serial.FakeSerialLine;

class ImstStickContractTest extends WmbusStickContract {
    /** Raw RSSI byte for {@link #RSSI_DBM}: 45 + 2 * (dBm + 100). */
    private static final int RSSI_RAW = 141;

    @Override
    WmbusStick open(FakeSerialLine line) throws IOException {
        return new ImstStick(line, Clock.systemUTC());
    }

    @Override
    void answerAsStick(FakeSerialLine line) {
        line.answerWith(ImstStickTest::realStick);
    }

    /** With CRC, so a damaged message can be told from a good one. */
    @Override
    byte[] indication(byte[] frame) {
        return ImstStickTest.indication(frame, RSSI_RAW, true);
    }

    @Override
    byte[] withBadChecksum(byte[] message) {
        byte[] bad = Arrays.copyOf(message, message.length);
        bad[bad.length - 1] ^= 0x01;
        return bad;
    }

    @Override
    String firstCommand() {
        return "PING_REQ";
    }
}
