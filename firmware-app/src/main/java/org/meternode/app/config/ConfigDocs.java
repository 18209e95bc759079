package org.meternode.app.config;

/** Writes the documented default file and the Markdown reference from {@link ConfigKeys}. */
final class ConfigDocs {
    private static final String INDENT = "  ";

    private ConfigDocs() {
    }

    static String defaultsYaml() {
        StringBuilder out = new StringBuilder()
                .append("# meternode configuration: every key with its default (check-config --print-defaults).\n")
                .append("# Keys marked REQUIRED have no default: fill them in. Durations take a unit: ms, s, m, h, d.\n");
        for (ConfigKey<?> key : ConfigKeys.childrenOf("")) {
            out.append('\n');
            writeKey(out, key, "");
        }
        return out.toString();
    }

    static String markdownTable() {
        StringBuilder out = new StringBuilder("| key | type | default | meaning |\n|---|---|---|---|\n");
        for (ConfigKey<?> key : ConfigKeys.all()) {
            String meaning = (key.channelType() == null ? "" : "(" + key.channelType() + ") ") + key.doc()
                    + (key.example() != null && !key.isStructure() ? " Example: `" + key.example() + "`." : "");
            String defaultCell = key.isRequired() ? "required"
                    : key.defaultText().isEmpty() ? "" : "`" + key.defaultText() + "`";
            out.append("| `").append(key.path()).append("` | ").append(cell(key.typeName()))
                    .append(" | ").append(defaultCell).append(" | ").append(cell(meaning)).append(" |\n");
        }
        return out.toString();
    }

    private static void writeKey(StringBuilder out, ConfigKey<?> key, String indent) {
        out.append(indent).append("# ").append(comment(key)).append('\n');
        if (key == ConfigKeys.CHANNELS) {
            out.append(indent).append(key.name()).append(":\n");
            for (String type : org.meternode.app.channel.ChannelTypes.names()) {
                writeChannel(out, type, indent + INDENT);
            }
        } else if (key.isStructure()) {
            out.append(indent).append(key.name()).append(":\n");
            for (ConfigKey<?> child : ConfigKeys.childrenOf(key.path())) {
                writeKey(out, child, indent + INDENT);
            }
        } else {
            String value = key.defaultText();
            out.append(indent).append(key.name()).append(':').append(value.isEmpty() ? "" : " " + value).append('\n');
        }
    }

    private static void writeChannel(StringBuilder out, String type, String indent) {
        out.append(indent).append("-\n");
        String inner = indent + INDENT;
        for (ConfigKey<?> key : ConfigKeys.channelKeys(type)) {
            out.append(inner).append("# ").append(comment(key)).append('\n');
            if (key.isStructure()) {
                out.append(inner).append(key.name()).append(":\n").append(inner).append(INDENT).append("-\n");
                for (ConfigKey<?> child : ConfigKeys.childrenOf(key.path() + "[]").stream()
                        .filter(k -> k.appliesTo(type)).toList()) {
                    writeKey(out, child, inner + INDENT + INDENT);
                }
                continue;
            }
            String value = key == ConfigKeys.CHANNEL_TYPE ? type : key.defaultText();
            out.append(inner).append(key.name()).append(':').append(value.isEmpty() ? "" : " " + value).append('\n');
        }
    }

    /** "REQUIRED. doc (type; e.g. example)" or "doc (type)" on one line. */
    private static String comment(ConfigKey<?> key) {
        String text = (key.isRequired() ? "REQUIRED. " : "") + key.doc();
        if (key.isStructure()) {
            return text;
        }
        boolean showExample = key.example() != null && key.defaultText().isEmpty() && key != ConfigKeys.CHANNEL_TYPE;
        return text + " (" + key.typeName() + (showExample ? "; e.g. " + key.example() : "") + ")";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
