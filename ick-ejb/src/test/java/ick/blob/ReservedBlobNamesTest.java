package ick.blob;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReservedBlobNamesTest {
    @Test
    void releaseTagBlobsNeedTheTrustedScopeAndOthersNothingMore() {
        assertThat(ReservedBlobNames.scopeToWrite("release-tag/ick/7")).hasValue("trusted");
        assertThat(ReservedBlobNames.scopeToWrite("release-tag/x")).hasValue("trusted");
        for (String free : new String[] {"debs/ick/7/files", "source/ick", "workspace/release-tag",
                "release-tags/ick/7", "release-tag", "it/release-tag/ick/7"}) {
            assertThat(ReservedBlobNames.scopeToWrite(free)).as(free).isEmpty();
        }
        assertThat(ReservedBlobNames.refusal("release-tag/ick/7", "trusted")).isEqualTo("blob release-tag/ick/7 is"
                + " under release-tag/, which only a trusted worker (a client with scope trusted) writes: it is the"
                + " evidence of a verified release tag");
    }
}
