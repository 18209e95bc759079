package org.meternode.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.meternode.app.channel.ChannelType;
import org.meternode.app.channel.ChannelTypes;

/**
 * The README's key table is {@link ConfigKeys#markdownReference()} verbatim, so a key added to a
 * channel type (or a changed doc, default or bound) fails here until the README is regenerated:
 * {@code ./run-tests -pl firmware-app -am -Dtest=ReadmeKeyTableTest -Dmeternode.regenerate-readme=true
 * -Dsurefire.failIfNoSpecifiedTests=false} rewrites the table in place.
 */
class ReadmeKeyTableTest {
    private static final String BEGIN = "<!-- BEGIN config-keys: generated from ConfigKeys.markdownReference();"
            + " regenerate, do not edit -->\n";
    private static final String END = "<!-- END config-keys -->";
    private static final Path README = Path.of("..", "README.md");

    @Test
    void readme_key_table_is_the_generated_one() throws IOException {
        String readme = Files.readString(README);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md has the marker " + BEGIN.strip()).isNotNegative();
        assertThat(end).as("README.md has the marker " + END).isGreaterThan(begin);
        String table = readme.substring(begin + BEGIN.length(), end);
        String generated = ConfigKeys.markdownReference();
        if (!table.equals(generated) && Boolean.getBoolean("meternode.regenerate-readme")) {
            Files.writeString(README, readme.substring(0, begin + BEGIN.length()) + generated + readme.substring(end));
            table = generated;
        }
        assertThat(table).as("README.md's key table is stale: regenerate it (see this test's Javadoc)")
                .isEqualTo(generated);
    }

    @Test
    void every_key_of_every_channel_type_is_in_the_table() {
        String generated = ConfigKeys.markdownReference();
        for (ChannelType<?> type : ChannelTypes.all()) {
            for (ConfigKey<?> key : type.keys()) {
                assertThat(ConfigKeys.all()).as(type.name() + " key " + key.path()).contains(key);
                assertThat(generated).as(type.name() + " key " + key.path()).contains("| `" + key.path() + "` |");
                assertThat(key.channelTypes().isEmpty() || key.channelTypes().contains(type.name()))
                        .as(key.path() + " names " + type.name()).isTrue();
            }
        }
    }
}
