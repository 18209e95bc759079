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

    /** Validates {@code options} through the named profile, as {@link #open} would; opens nothing. */
    public static void checkOptions(String name, BoardOptions options) throws BoardException {
        provider(name).checkOptions(options);
    }

    /**
     * Judges {@code uses} against {@code options} through the named profile, as its capability
     * getters would at run; opens nothing. Call {@link #checkOptions} first.
     */
    public static void checkUses(String name, BoardOptions options, List<PinUse> uses) throws BoardException {
        provider(name).checkUses(options, uses);
    }

    public static BoardProvider provider(String name) throws BoardException {
        List<String> available = new ArrayList<>();
        for (BoardProvider provider : ServiceLoader.load(BoardProvider.class)) {
            if (provider.name().equals(name)) {
                return provider;
            }
            available.add(provider.name());
        }
        String shown = name.length() > 60 ? name.substring(0, 57) + "..." : name;
        throw new BoardException("board '" + shown + "': no such board profile on the class path (available: "
                + (available.isEmpty() ? "none" : String.join(", ", available)) + ")");
    }
}
