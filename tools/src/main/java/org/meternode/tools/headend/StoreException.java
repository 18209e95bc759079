package org.meternode.tools.headend;

/**
 * A head-end store could not do what was asked; the message names the store and the operation
 * (for example "head-end database demo-run/head-end.db: cannot store 4 readings of meter-1: disk I/O error").
 */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
