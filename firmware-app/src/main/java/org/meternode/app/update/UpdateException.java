package org.meternode.app.update;

/** A package or an update step was refused or failed; carries the object 5 result it maps to. */
public final class UpdateException extends Exception {
    private final UpdateResult result;

    public UpdateException(UpdateResult result, String message) {
        super(message);
        this.result = result;
    }

    public UpdateException(UpdateResult result, String message, Throwable cause) {
        super(message, cause);
        this.result = result;
    }

    public UpdateResult result() {
        return result;
    }
}
