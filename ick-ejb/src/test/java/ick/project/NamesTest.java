package ick.project;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void acceptsLettersDigitsDotsUnderscoresAndDashes() {
        assertThat(Names.isValid("hello")).isTrue();
        assertThat(Names.isValid("debian-12.bookworm_amd64")).isTrue();
        assertThat(Names.isValid("9lives")).isTrue();
        assertThat(Names.isValid("a".repeat(100))).isTrue();
    }

    @Test
    void refusesPathsDotsControlCharactersEmptyAndLongNames() {
        assertThat(Names.isValid("a/b")).isFalse();
        assertThat(Names.isValid("..")).isFalse();
        assertThat(Names.isValid(".hidden")).isFalse();
        assertThat(Names.isValid("-flag")).isFalse();
        assertThat(Names.isValid("tab\there")).isFalse();
        assertThat(Names.isValid("new\nline")).isFalse();
        assertThat(Names.isValid("with space")).isFalse();
        assertThat(Names.isValid("")).isFalse();
        assertThat(Names.isValid(null)).isFalse();
        assertThat(Names.isValid("a".repeat(101))).isFalse();
    }

    @Test
    void problemSaysWhatIsWrongAndEscapesControlCharacters() {
        assertThat(Names.problem("ok")).isEmpty();
        assertThat(Names.problem(null)).contains("missing name");
        assertThat(Names.problem("a".repeat(101)).orElseThrow()).contains("longer than 100");
        assertThat(Names.problem("bad\u0001name").orElseThrow()).contains("\"bad\\u0001name\"");
    }
}
