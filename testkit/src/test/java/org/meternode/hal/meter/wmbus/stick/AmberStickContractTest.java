package org.meternode.hal.meter.wmbus.stick;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import org.meternode.hal.serial.FakeSerialLine;

class AmberStickContractTest extends WmbusStickContract {
    /** Raw RSSI byte for {@link #RSSI_DBM}: 2 * (dBm + 74). */
    private static final int RSSI_RAW = 44;

    @Override
    WmbusStick open(FakeSerialLine line) throws IOException {
        return new AmberStick(line, Clock.systemUTC());
    }

    @Override
    void answerAsStick(FakeSerialLine line) {
        line.answerWith(new AmberStickTest.ScriptedStick(1, 1)::answer);
    }

    @Override
    byte[] indication(byte[] frame) {
        return AmberStickTest.indication(frame, RSSI_RAW);
    }

    @Override
    byte[] withBadChecksum(byte[] message) {
        byte[] bad = Arrays.copyOf(message, message.length);
        bad[bad.length - 1] ^= 0x01;
        return bad;
    }

    @Override
    String firstCommand() {
        return "GET_REQ UART_CMD_Out_Enable (05h)";
    }
}
