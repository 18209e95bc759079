package org.meternode.app.outbox;

/** The outbox database failed; the message names the file and the operation. */
public class OutboxException extends RuntimeException {
    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
