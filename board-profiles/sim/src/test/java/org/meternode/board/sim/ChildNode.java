package org.meternode.board.sim;

import java.nio.file.Path;
import java.util.Map;
import org.meternode.hal.Board;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.Boards;

/** A stand-in node process for {@link KillNineIT}: opens the sim board, prints virtual now, then waits to be killed. */
public final class ChildNode {
    private ChildNode() {
    }

    public static void main(String[] args) throws Exception {
        Board board = Boards.open("sim", BoardOptions.of(Map.of("speed", 3600), Path.of(args[0])));
        System.out.println(board.sleeper().clock().instant());
        System.out.flush();
        board.sleeper().sleepUntil(board.sleeper().clock().instant().plusSeconds(365L * 86400 * 100));
    }
}
