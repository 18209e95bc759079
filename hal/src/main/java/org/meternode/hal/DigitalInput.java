package org.meternode.hal;

import java.io.IOException;

/** A logic-level input pin (tamper switch, meter status line). */
public interface DigitalInput {
    boolean isHigh() throws IOException;
}
