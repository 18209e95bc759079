package org.meternode.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JournalPrioritiesTest {
    private final ByteArrayOutputStream journal = new ByteArrayOutputStream();
    private final PrintStream err = JournalPriorities.wrap(new PrintStream(journal, true, StandardCharsets.UTF_8));

    @Test
    void each_level_becomes_its_syslog_priority_prefix() {
        err.println("ERROR Uplink - outbox unreadable");
        err.println("WARN DtlsState - state not saved");
        err.println("INFO MeterNode - sampling 1 channel(s) every 15m");
        err.println("DEBUG Sampler - tick");
        assertThat(journal.toString(StandardCharsets.UTF_8)).isEqualTo("""
                <3>Uplink - outbox unreadable
                <4>DtlsState - state not saved
                <6>MeterNode - sampling 1 channel(s) every 15m
                <7>Sampler - tick
                """);
    }

    @Test
    void a_stack_trace_keeps_the_priority_of_its_line() {
        err.println("ERROR Uplink - failed");
        err.println("java.io.IOException: disk full");
        err.println("\tat org.meternode.X.y(X.java:1)");
        err.println("INFO MeterNode - back");
        assertThat(journal.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("<3>Uplink - failed", "<3>java.io.IOException: disk full",
                        "<3>\tat org.meternode.X.y(X.java:1)", "<6>MeterNode - back");
    }

    @Test
    void the_cli_error_and_warning_lines_keep_their_words() {
        err.println("warning: sampling.interval (/etc/meternode/meternode.yaml:22:13): shorter than 1m");
        err.println("error: server.uri (/etc/meternode/meternode.yaml:40:8): not a coaps URI");
        assertThat(journal.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "<4>warning: sampling.interval (/etc/meternode/meternode.yaml:22:13): shorter than 1m",
                "<3>error: server.uri (/etc/meternode/meternode.yaml:40:8): not a coaps URI");
    }

    @Test
    void a_line_written_in_pieces_is_one_journal_line() {
        err.print("WARN Clock - ");
        err.print("stepped back 61 s");
        err.println();
        assertThat(journal.toString(StandardCharsets.UTF_8)).isEqualTo("<4>Clock - stepped back 61 s\n");
    }

    @Test
    void only_the_journal_stream_itself_counts() {
        assertThat(JournalPriorities.stderrIsJournal(null)).isFalse();
        assertThat(JournalPriorities.stderrIsJournal("not-a-stream")).isFalse();
        assertThat(JournalPriorities.stderrIsJournal("1:1")).as("a stream that is not this stderr").isFalse();
    }
}
