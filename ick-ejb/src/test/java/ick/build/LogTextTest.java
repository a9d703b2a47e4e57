package ick.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogTextTest {
    private final List<LogText.Piece> log = List.of(
            new LogText.Piece(0, "[ick] start\n"),      // 0..12
            new LogText.Piece(12, "héllo "),            // 12..18
            new LogText.Piece(18, "w\uD83D\uDE00rld\n")); // 18..24: the emoji is one character

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        assertThat(LogText.length("w\uD83D\uDE00rld\n")).isEqualTo(6);
        assertThat(log.get(2).end()).isEqualTo(24);
    }

    @Test
    void fromZeroIsEverything() {
        assertThat(LogText.from(log, 0)).isEqualTo("[ick] start\nhéllo w\uD83D\uDE00rld\n");
    }

    @Test
    void anOffsetInsideAPieceCutsIt() {
        assertThat(LogText.from(log, 13)).isEqualTo("éllo w\uD83D\uDE00rld\n");
        assertThat(LogText.from(log, 20)).isEqualTo("rld\n");
    }

    @Test
    void anOffsetAtAPieceBoundaryStartsThere() {
        assertThat(LogText.from(log, 12)).isEqualTo("héllo w\uD83D\uDE00rld\n");
    }

    @Test
    void anOffsetAtOrPastTheEndGivesNothing() {
        assertThat(LogText.from(log, 24)).isEmpty();
        assertThat(LogText.from(log, 99)).isEmpty();
    }

    @Test
    void nulCannotBeStoredAndBecomesReplacementCharacter() {
        assertThat(LogText.storable("a\0b")).isEqualTo("a\uFFFDb");
        assertThat(LogText.storable("plain")).isEqualTo("plain");
    }
}
