package org.meternode.hal;

/** A board could not be opened or could not provide what was asked; the message names what and where. */
public class BoardException extends Exception {
    public BoardException(String message) {
        super(message);
    }

    public BoardException(String message, Throwable cause) {
        super(message, cause);
    }
}
