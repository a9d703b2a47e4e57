package ick.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnmatchedLabelsTest {
    @Test
    void aWorkersLabelsAreReadAsASet() {
        assertThat(UnmatchedLabels.readable("[\"arch=amd64\", \"container\", \"arch=amd64\"]"))
                .containsExactlyInAnyOrder("arch=amd64", "container");
        assertThat(UnmatchedLabels.readable("[]")).isEmpty();
    }

    @Test
    void labelsThatDoNotReadCountAsNoneInsteadOfFailingTheBuildsStart() {
        assertThat(UnmatchedLabels.readable("[\"a\", null]")).containsExactly("a");
        assertThat(UnmatchedLabels.readable("null")).isEmpty();
        assertThat(UnmatchedLabels.readable("{\"not\": \"a list\"}")).isEmpty();
        assertThat(UnmatchedLabels.readable("[1, 2")).isEmpty();
    }
}
