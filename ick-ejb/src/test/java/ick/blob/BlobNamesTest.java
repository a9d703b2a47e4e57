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
    void debianFileNamesWithPlusAndTildeAreValid() {
        assertThat(BlobNames.problem("debs/hello/3/hello_0.1.0+ci3-1_amd64.deb")).isEmpty();
        assertThat(BlobNames.problem("debs/hello/3/hello_0.1.0+ci3-1_amd64.changes")).isEmpty();
        assertThat(BlobNames.problem("debs/ick/12/ick_1.0~rc1-1.dsc")).isEmpty();
        assertThat(BlobNames.problem("debs/ick/12/libfoo++_2.0-1_all.deb")).isEmpty();
        assertThat(BlobNames.problem("debs/ick/12/files")).isEmpty();
    }

    @Test
    void plusAndTildeDoNotStartASegmentAndColonsStayOut() {
        assertThat(BlobNames.problem("debs/+hello")).isPresent();
        assertThat(BlobNames.problem("debs/~hello")).isPresent();
        assertThat(BlobNames.problem("~/x")).isPresent();
        assertThat(BlobNames.problem("debs/hello_1:0.1.0-1_all.deb")).isPresent();
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
