package ick.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopesTest {
    @Test
    void everyScopeIsNamedFromItsRoute() {
        assertThat(Scopes.ALL).hasSize(scopeConstants());
        assertThat(Scopes.ALL).filteredOn(s -> !Scopes.MARKERS.contains(s))
                .allMatch(s -> s.matches("uapi(_[a-z]+)+_(get|post|put|delete)"));
        assertThat(Scopes.ALL).containsAll(Scopes.MARKERS);
    }

    /** Every scope constant is in ALL (counted, so that ALL cannot miss one). */
    private static int scopeConstants() {
        return (int) java.util.Arrays.stream(Scopes.class.getFields())
                .filter(f -> f.getType() == String.class && java.lang.reflect.Modifier.isStatic(f.getModifiers()))
                .count();
    }

    @Test
    void adminHasEveryScopeButIsNoTrustedWorker() {
        assertThat(Scopes.ADMIN).doesNotContain(Scopes.TRUSTED, Scopes.APT_UPLOADS_POST);
        assertThat(Scopes.ADMIN).containsAll(Scopes.ALL.stream()
                .filter(s -> !s.equals(Scopes.TRUSTED) && !s.equals(Scopes.APT_UPLOADS_POST)).toList());
    }

    @Test
    void aTrustedWorkerIsAWorkerMarkedTrusted() {
        assertThat(Scopes.TRUSTED_WORKER).containsAll(Scopes.WORKER).contains("trusted", "uapi_apt_uploads_post");
        assertThat(Scopes.WORKER).doesNotContain(Scopes.TRUSTED);
        assertThat(Scopes.unknown(Scopes.TRUSTED_WORKER)).isEmpty();
    }

    @Test
    void aWorkerMayRegisterAndDoWorkOnly() {
        assertThat(Scopes.WORKER).containsExactlyInAnyOrder(
                "uapi_workers_post", "uapi_work_get", "uapi_work_id_output_post", "uapi_work_id_result_post",
                "uapi_work_id_heartbeat_post", "uapi_blobs_get", "uapi_blobs_put");
        assertThat(Scopes.ALL).containsAll(Scopes.WORKER);
    }

    @Test
    void parseSplitsOnSpacesAndFormatJoinsSorted() {
        assertThat(Scopes.parse("  uapi_work_get   uapi_builds_get ")).containsExactly("uapi_builds_get", "uapi_work_get");
        assertThat(Scopes.parse(null)).isEmpty();
        assertThat(Scopes.parse("   ")).isEmpty();
        assertThat(Scopes.format(List.of("uapi_work_get", "uapi_builds_get"))).isEqualTo("uapi_builds_get uapi_work_get");
        assertThat(Scopes.parse(Scopes.format(Scopes.ALL))).containsExactlyInAnyOrderElementsOf(Scopes.ALL);
    }

    @Test
    void unknownNamesAreListed() {
        assertThat(Scopes.unknown(List.of("uapi_work_get", "root", "uapi_everything"))).containsExactly("root", "uapi_everything");
        assertThat(Scopes.unknown(Scopes.WORKER)).isEmpty();
        assertThat(Scopes.unknown(Set.of())).isEmpty();
    }
}
