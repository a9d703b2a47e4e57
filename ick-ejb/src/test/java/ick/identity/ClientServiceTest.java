package ick.identity;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ick.problem.InvalidInputException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClientServiceTest {
    @Test
    void aNullScopeIsInvalidInputNotAnException() {
        // refused before the database is touched: no EntityManager is needed
        assertThatThrownBy(() -> new ClientService().put("w1", "secret-of-w1", Arrays.asList("@worker", null)))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((InvalidInputException) e).errors())
                        .contains("scopes must be a list of scope names"));
    }
}
