package org.meternode.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * A key declared in a type's class (or in {@link SerialKeys}) but left out of every type's
     * {@code keys()} would be refused in every file and missing from the table: each is listed.
     */
    @Test
    void every_key_a_channel_type_declares_is_one_of_its_keys_and_in_the_table() throws Exception {
        String generated = ConfigKeys.markdownReference();
        List<ConfigKey<?>> listed = ChannelTypes.keys();
        for (ChannelType<?> type : ChannelTypes.all()) {
            for (ConfigKey<?> declared : declaredKeys(type.getClass())) {
                assertThat(type.keys()).as(type.getClass().getSimpleName() + " declares " + declared).contains(declared);
            }
        }
        assertThat(declaredKeys(SerialKeys.class)).isNotEmpty();
        for (ConfigKey<?> shared : declaredKeys(SerialKeys.class)) {
            assertThat(listed).as("SerialKeys declares " + shared + ": some type lists it").contains(shared);
        }
        for (ConfigKey<?> key : listed) {
            assertThat(generated).as(key.path()).contains("| `" + key.path() + "` |");
        }
    }

    private static List<ConfigKey<?>> declaredKeys(Class<?> holder) throws IllegalAccessException {
        List<ConfigKey<?>> keys = new java.util.ArrayList<>();
        for (Field f : holder.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigKey.class) {
                f.setAccessible(true);
                keys.add((ConfigKey<?>) f.get(null));
            }
        }
        assertThat(keys).as(holder.getSimpleName() + "'s keys are initialised").doesNotContainNull();
        return keys;
    }
}
