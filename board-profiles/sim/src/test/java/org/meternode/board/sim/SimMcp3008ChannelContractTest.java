package org.meternode.board.sim;

/** hal's AnalogChannelContract on a sim dc-voltage input. Through the hal Mcp3008 driver on the sim SPI bus (VREF 3.3 V, 10 bit). */
class SimMcp3008ChannelContractTest extends SimAnalogInputContract {
    @Override
    String pin() {
        return "mcp3008@0/ch3";
    }

    @Override
    double stepVolts() {
        return 3.3 / 1024;
    }
}
