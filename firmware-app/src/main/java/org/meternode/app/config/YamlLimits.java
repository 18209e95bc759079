package org.meternode.app.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;

/**
 * Walks the parser's events of a config before it is composed into a tree, and refuses what a
 * node config never needs but an attacker or a broken file can give: nesting deep enough to
 * overflow the stack of the composer or the reader, more aliases than a hand-written file uses
 * (the "billion laughs" expansion), an alias inside the collection it names (a cycle), and explicit
 * tags ({@code !!int x}, {@code !!binary}), which would make a value claim a type its text is not. The
 * parser itself keeps its state on the heap, so this walk is safe on any input.
 */
final class YamlLimits {
    /** Deeper than any config key path (channels[0].meters.x ...) by far. */
    static final int MAX_DEPTH = 64;
    /** Aliases are allowed (one anchored channel reused), but not as an expansion bomb. */
    static final int MAX_ALIASES = 100;

    private YamlLimits() {
    }

    /** The first limit {@code yaml} breaks, with where; empty when it keeps every limit. */
    static Optional<ConfigProblem> check(String yaml, String sourceName, LoadSettings settings) {
        Deque<Optional<Anchor>> open = new ArrayDeque<>();
        Set<String> openAnchors = new HashSet<>();
        int aliases = 0;
        for (Event event : new Parse(settings).parseString(yaml)) {
            switch (event.getEventId()) {
                case SequenceStart, MappingStart -> {
                    Optional<String> tag = ((CollectionStartEvent) event).getTag();
                    if (tag.isPresent() && !tag.get().equals("!")) {
                        return Optional.of(at(sourceName, event, "explicit tag " + shortTag(tag.get())
                                + " is not used in a node config; write the plain value"));
                    }
                    Optional<Anchor> anchor = ((CollectionStartEvent) event).getAnchor();
                    open.push(anchor);
                    anchor.ifPresent(a -> openAnchors.add(a.getValue()));
                    if (open.size() > MAX_DEPTH) {
                        return Optional.of(at(sourceName, event, "nested more than " + MAX_DEPTH
                                + " levels deep; a node config needs a few"));
                    }
                }
                case SequenceEnd, MappingEnd -> open.pop().ifPresent(a -> openAnchors.remove(a.getValue()));
                case Alias -> {
                    String name = ((AliasEvent) event).getAlias().getValue();
                    if (openAnchors.contains(name)) {
                        return Optional.of(at(sourceName, event, "alias *" + name
                                + " refers to the collection it is in (a cycle)"));
                    }
                    if (++aliases > MAX_ALIASES) {
                        return Optional.of(at(sourceName, event, "more than " + MAX_ALIASES
                                + " aliases (*name); write the values out"));
                    }
                }
                case Scalar -> {
                    Optional<String> tag = ((ScalarEvent) event).getTag();
                    if (tag.isPresent() && !tag.get().equals("!")) {
                        return Optional.of(at(sourceName, event, "explicit tag " + shortTag(tag.get())
                                + " is not used in a node config; write the plain value"));
                    }
                }
                default -> {
                    // document events break no limit
                }
            }
        }
        return Optional.empty();
    }

    private static String shortTag(String tag) {
        String shown = tag.startsWith("tag:yaml.org,2002:") ? "!!" + tag.substring(18) : tag;
        return shown.length() > 40 ? shown.substring(0, 37) + "..." : shown;
    }

    private static ConfigProblem at(String sourceName, Event event, String message) {
        Optional<Mark> mark = event.getStartMark();
        return new ConfigProblem(sourceName, mark.map(m -> m.getLine() + 1).orElse(0),
                mark.map(m -> m.getColumn() + 1).orElse(0), "", message);
    }
}
