package org.meternode.tools.headend;

/**
 * The store's engine cannot be reached right now (PostgreSQL down, connection lost): nothing was
 * stored, and trying again later may work. The head-end answers a Send with 5.03, so the node keeps
 * its readings and sends them again.
 */
public class StoreUnavailableException extends StoreException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
