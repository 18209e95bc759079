package org.meternode.board.pi;

import com.pi4j.context.Context;
import java.util.Objects;

/**
 * A Pi4J context and the ids of the providers the board must use for each kind of IO, so that no
 * IO is ever created by whatever provider Pi4J ranks highest.
 */
record Pi4jContext(Context context, String digitalInputProvider, String digitalOutputProvider,
        String i2cProvider, String spiProvider) {
    Pi4jContext {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(digitalInputProvider, "digitalInputProvider");
        Objects.requireNonNull(digitalOutputProvider, "digitalOutputProvider");
        Objects.requireNonNull(i2cProvider, "i2cProvider");
        Objects.requireNonNull(spiProvider, "spiProvider");
    }
}
