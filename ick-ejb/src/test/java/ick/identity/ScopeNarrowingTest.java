package ick.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScopeNarrowingTest {
    @Test
    void noScopeAskedForGivesAllTheClientHas() throws Exception {
        assertThat(TokenService.narrow(Scopes.WORKER, null)).isEqualTo(Scopes.WORKER);
        assertThat(TokenService.narrow(Scopes.WORKER, " ")).isEqualTo(Scopes.WORKER);
    }

    @Test
    void aSubsetAskedForIsWhatTheTokenGets() throws Exception {
        assertThat(TokenService.narrow(Scopes.ADMIN, "uapi_work_get uapi_builds_get"))
                .containsExactlyInAnyOrder("uapi_work_get", "uapi_builds_get");
    }

    @Test
    void aScopeTheClientLacksIsRefusedAsInvalidScope() {
        assertThatThrownBy(() -> TokenService.narrow(Scopes.WORKER, "uapi_work_get uapi_clients_id_put"))
                .isInstanceOfSatisfying(TokenRequestException.class,
                        e -> assertThat(e.error()).isEqualTo(TokenRequestException.Error.INVALID_SCOPE));
        assertThatThrownBy(() -> TokenService.narrow(Scopes.WORKER, "no_such_scope"))
                .isInstanceOf(TokenRequestException.class);
    }
}
