package ick.protocol;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {
    @Test
    void aResultWithoutExitCodeIsRefusedRatherThanReadAsSuccess() {
        assertThatThrownBy(() -> Json.mapper().readValue("{\"message\":\"hm\"}", ActionResult.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("exitCode");
    }

    @Test
    void aChunkWithoutSeqIsRefused() {
        assertThatThrownBy(() -> Json.mapper().readValue("{\"data\":\"x\"}", OutputChunk.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("seq");
    }

    @Test
    void unknownFieldsAreRefused() {
        assertThatThrownBy(() -> Json.mapper().readValue("{\"exitCode\":0,\"exitcode\":1}", ActionResult.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
    }

    @Test
    void statesTravelAsLowerCaseWords() throws Exception {
        assertThat(Json.mapper().writeValueAsString(BuildState.SUCCEEDED)).isEqualTo("\"succeeded\"");
        assertThat(Json.mapper().readValue("\"skipped\"", ActionState.class)).isEqualTo(ActionState.SKIPPED);
    }
}
