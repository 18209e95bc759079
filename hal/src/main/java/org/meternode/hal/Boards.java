package org.meternode.hal;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds board profiles on the class path by name; a missing profile fails loudly. */
public final class Boards {
    private Boards() {
    }

    public static Board open(String name, BoardOptions options) throws BoardException {
        return provider(name).open(options);
    }

    public static BoardProvider provider(String name) throws BoardException {
        List<String> available = new ArrayList<>();
        for (BoardProvider provider : ServiceLoader.load(BoardProvider.class)) {
            if (provider.name().equals(name)) {
                return provider;
            }
            available.add(provider.name());
        }
        throw new BoardException("board '" + name + "': no such board profile on the class path (available: "
                + (available.isEmpty() ? "none" : String.join(", ", available)) + ")");
    }
}
