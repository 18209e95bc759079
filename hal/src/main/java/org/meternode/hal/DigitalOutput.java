package org.meternode.hal;

import java.io.IOException;

/** A logic-level output pin (status LED, sensor power rail). */
public interface DigitalOutput {
    void set(boolean high) throws IOException;
}
