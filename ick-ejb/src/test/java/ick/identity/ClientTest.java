package ick.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ick.problem.InvalidInputException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-02T00:00:00Z");

    @Test
    void aNewClientHasItsSecretAndScopes() {
        Client c = new Client("worker-1", "a long secret", Scopes.WORKER, T0);
        assertThat(c.hasSecret("a long secret")).isTrue();
        assertThat(c.hasSecret("another secret")).isFalse();
        assertThat(c.scopes()).containsExactlyInAnyOrderElementsOf(Scopes.WORKER);
        assertThat(c.created()).isEqualTo(T0);
        assertThat(c.toString()).doesNotContain("secret").doesNotContain("pbkdf2");
    }

    @Test
    void theSameSecretAndScopesAgainChangeNothing() {
        Client c = new Client("w", "a long secret", Scopes.WORKER, T0);
        assertThat(c.change("a long secret", List.copyOf(Scopes.WORKER), T1)).isFalse();
        assertThat(c.updated()).isEqualTo(T0);
    }

    @Test
    void aNewSecretOrNewScopesAreAChange() {
        Client c = new Client("w", "a long secret", Scopes.WORKER, T0);
        assertThat(c.change("a new long secret", Scopes.WORKER, T1)).isTrue();
        assertThat(c.hasSecret("a long secret")).isFalse();
        assertThat(c.hasSecret("a new long secret")).isTrue();
        assertThat(c.updated()).isEqualTo(T1);
        assertThat(c.change("a new long secret", List.of(Scopes.STATUS_GET), T1)).isTrue();
        assertThat(c.scopes()).containsExactly(Scopes.STATUS_GET);
    }

    @Test
    void faultsNameEachBrokenRule() {
        assertThat(Client.faults("ok", "a long secret", Scopes.WORKER)).isEmpty();
        assertThat(Client.faults("../etc", "a long secret", Scopes.WORKER)).singleElement().asString().startsWith("client id");
        assertThat(Client.faults("", "a long secret", Scopes.WORKER)).hasSize(1);
        assertThat(Client.faults("x".repeat(101), "a long secret", Scopes.WORKER)).hasSize(1);
        assertThat(Client.faults("ok", "short", Scopes.WORKER)).singleElement().asString().startsWith("secret");
        assertThat(Client.faults("ok", null, Scopes.WORKER)).hasSize(1);
        assertThat(Client.faults("ok", "a long secret", List.of("uapi_work_get", "root")))
                .containsExactly("unknown scopes: root");
        assertThat(Client.faults("ok", "a long secret", null)).hasSize(1);
        assertThat(Client.faults("ok", "a long secret", Arrays.asList("uapi_work_get", null))).hasSize(1);
        assertThat(Client.faults("a/b", "", List.of("x"))).hasSize(3);
    }

    @Test
    void anInvalidClientCannotBeMade() {
        assertThatThrownBy(() -> new Client("a b", "a long secret", Scopes.WORKER, T0))
                .isInstanceOf(InvalidInputException.class);
        Client c = new Client("w", "a long secret", Scopes.WORKER, T0);
        assertThatThrownBy(() -> c.change("a long secret", List.of("root"), T1)).isInstanceOf(InvalidInputException.class);
        assertThat(c.scopes()).containsExactlyInAnyOrderElementsOf(Scopes.WORKER);
    }
}
