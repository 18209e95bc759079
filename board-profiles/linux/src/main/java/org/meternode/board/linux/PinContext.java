package org.meternode.board.linux;

import java.io.IOException;
import java.nio.file.Path;
import org.meternode.hal.BoardException;

/**
 * Who holds a pin (a channel, or a board option such as {@code board-options.tamper}), the pin and
 * its kind, so that every error it raises starts with {@code channel 'grid': pin GPIO17 (counter):}.
 */
record PinContext(String holder, String pin, String kind) {

    String prefix() {
        return holder + ": pin " + pin + " (" + kind + ")";
    }

    /** A file the pin needs is missing; {@code hint} says what usually provides it. */
    BoardException missing(Path path, String hint) {
        return new BoardException(prefix() + ": " + path + " does not exist — " + hint);
    }

    BoardException unusable(IOException cause) {
        return new BoardException(prefix() + ": " + cause.getMessage(), cause);
    }

    IOException failed(IOException cause) {
        return new IOException(prefix() + ": " + cause.getMessage(), cause);
    }
}
