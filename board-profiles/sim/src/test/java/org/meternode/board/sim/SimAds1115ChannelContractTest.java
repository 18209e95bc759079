package org.meternode.board.sim;

/** hal's AnalogChannelContract on a sim dc-voltage input. Through the hal Ads1115 driver on the sim I2C bus (±4.096 V, 860 SPS single-shot). */
class SimAds1115ChannelContractTest extends SimAnalogInputContract {
    @Override
    String pin() {
        return "ads1115@0x49/A2";
    }

    @Override
    double stepVolts() {
        return 4.096 / 32768;
    }
}
