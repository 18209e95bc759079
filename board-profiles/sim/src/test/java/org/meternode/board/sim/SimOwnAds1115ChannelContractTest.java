package org.meternode.board.sim;

/** hal's AnalogChannelContract on a sim dc-voltage input. A bare input name (A3) gets an ADS1115 of its own, read through the hal driver. */
class SimOwnAds1115ChannelContractTest extends SimAnalogInputContract {
    @Override
    String pin() {
        return "A3";
    }

    @Override
    double stepVolts() {
        return 4.096 / 32768;
    }
}
