package ick.blob;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlobNamesTest {
    @Test
    void slashSeparatedSegmentsOfPlainNamesAreValid() {
        assertThat(BlobNames.isValid("workspace/hello")).isTrue();
        assertThat(BlobNames.isValid("a")).isTrue();
        assertThat(BlobNames.isValid("systree/bookworm-amd64.tar.zst")).isTrue();
        assertThat(BlobNames.isValid("a/b/c/d/e/f/g/h")).isTrue();
    }

    @Test
    void climbingAbsoluteEmptyAndHiddenSegmentsAreRefused() {
        assertThat(BlobNames.problem("../etc/passwd")).isPresent();
        assertThat(BlobNames.problem("a/../b")).isPresent();
        assertThat(BlobNames.problem("/etc/passwd")).isPresent();
        assertThat(BlobNames.problem("a//b")).isPresent();
        assertThat(BlobNames.problem("a/")).isPresent();
        assertThat(BlobNames.problem("a/.hidden")).isPresent();
        assertThat(BlobNames.problem(".")).isPresent();
        assertThat(BlobNames.problem("")).contains("missing blob name");
        assertThat(BlobNames.problem(null)).contains("missing blob name");
    }

    @Test
    void controlCharactersAndOtherSymbolsAreRefusedAndQuotedSafely() {
        assertThat(BlobNames.problem("a\u0001b")).get().asString().contains("\\u0001").doesNotContain("\u0001");
        assertThat(BlobNames.problem("a\nb")).isPresent();
        assertThat(BlobNames.problem("a b")).isPresent();
        assertThat(BlobNames.problem("a%2Fb")).isPresent();
        assertThat(BlobNames.problem("a\\b")).isPresent();
    }

    @Test
    void lengthAndDepthAreLimited() {
        assertThat(BlobNames.problem("a/".repeat(8) + "a")).get().asString().contains("segments");
        assertThat(BlobNames.problem("a".repeat(90) + "/" + "b".repeat(90) + "/" + "c".repeat(90)))
                .get().asString().contains("255");
    }
}
