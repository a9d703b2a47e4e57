package ick.identity;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The scopes of the API: the one place their names live on the server. A scope is named from its route as in
 * the original ick: {@code uapi_} + path segments (a path parameter is {@code id}) + {@code _} + method.
 * Each scope is also the role that {@code @RolesAllowed} names (MicroProfile JWT maps the token's
 * {@code scope} claim to roles), so resources use these constants.
 */
public final class Scopes {
    public static final String STATUS_GET = "uapi_status_get";
    public static final String MAKE_IT_SO_POST = "uapi_make_it_so_post";
    public static final String PROJECTS_GET = "uapi_projects_get";
    public static final String PROJECTS_ID_GET = "uapi_projects_id_get";
    public static final String PROJECTS_ID_PUT = "uapi_projects_id_put";
    public static final String PROJECTS_ID_DELETE = "uapi_projects_id_delete";
    public static final String PIPELINES_GET = "uapi_pipelines_get";
    public static final String PIPELINES_ID_GET = "uapi_pipelines_id_get";
    public static final String PIPELINES_ID_PUT = "uapi_pipelines_id_put";
    public static final String PIPELINES_ID_DELETE = "uapi_pipelines_id_delete";
    public static final String PROJECTS_ID_BUILDS_POST = "uapi_projects_id_builds_post";
    public static final String PROJECTS_ID_BUILDS_GET = "uapi_projects_id_builds_get";
    public static final String PROJECTS_ID_BUILDS_ID_GET = "uapi_projects_id_builds_id_get";
    public static final String PROJECTS_ID_BUILDS_ID_ACTIONS_GET = "uapi_projects_id_builds_id_actions_get";
    public static final String PROJECTS_ID_BUILDS_ID_LOG_GET = "uapi_projects_id_builds_id_log_get";
    public static final String BUILDS_GET = "uapi_builds_get";
    public static final String WORKERS_POST = "uapi_workers_post";
    public static final String WORKERS_GET = "uapi_workers_get";
    public static final String WORK_GET = "uapi_work_get";
    public static final String WORK_ID_OUTPUT_POST = "uapi_work_id_output_post";
    public static final String WORK_ID_RESULT_POST = "uapi_work_id_result_post";
    /** A worker renews its action's lease and learns whether to stop it ({@code POST /work/{id}/heartbeat}). */
    public static final String WORK_ID_HEARTBEAT_POST = "uapi_work_id_heartbeat_post";
    /** Cancel a build ({@code POST /projects/{p}/builds/{n}/cancel}). */
    public static final String PROJECTS_ID_BUILDS_ID_CANCEL_POST = "uapi_projects_id_builds_id_cancel_post";
    public static final String CLIENTS_GET = "uapi_clients_get";
    public static final String CLIENTS_ID_PUT = "uapi_clients_id_put";
    public static final String CLIENTS_ID_DELETE = "uapi_clients_id_delete";
    /** Read a blob ({@code GET}/{@code HEAD /blobs/{name}}). */
    public static final String BLOBS_GET = "uapi_blobs_get";
    /** Upload a blob, resume an upload ({@code PUT /blobs/{name}}, {@code /uploads/{name}}). */
    public static final String BLOBS_PUT = "uapi_blobs_put";
    /** List the blobs ({@code GET /blobs}): the admin's. */
    public static final String BLOBS_LIST = "uapi_blobs_list_get";
    /** Delete a blob ({@code DELETE /blobs/{name}}): the admin's. */
    public static final String BLOBS_DELETE = "uapi_blobs_delete";
    /** Run blob retention by hand ({@code POST /blob-retention}): the admin's. */
    public static final String BLOB_RETENTION_POST = "uapi_blob_retention_post";
    public static final String NOTIFICATIONS_GET = "uapi_notifications_get";
    /** Give a failed notification one more attempt ({@code POST /notifications/{id}/retry}): the admin's. */
    public static final String NOTIFICATIONS_ID_RETRY_POST = "uapi_notifications_id_retry_post";
    /** The HTTPS certificate's state ({@code GET /tls}). */
    public static final String TLS_GET = "uapi_tls_get";
    /** Renew the HTTPS certificate now ({@code POST /tls/renew}). */
    public static final String TLS_RENEW_POST = "uapi_tls_renew_post";
    /** The APT repository's suites and what they hold ({@code GET /apt}). */
    public static final String APT_GET = "uapi_apt_get";
    /**
     * Upload packages into a suite of the APT repository ({@code POST /apt/{suite}/uploads}): the trusted
     * worker's. Granted by an admin, who does not hold it.
     */
    public static final String APT_UPLOADS_POST = "uapi_apt_uploads_post";
    /**
     * Not a route's scope but a marker: a worker whose token holds it is a <em>trusted worker</em>. The
     * controller gives it only the actions of {@code trusted: true} pipelines, and gives those to no one else
     * ({@code ick.worker.Claims}). Granted by an admin, who does not hold it.
     */
    public static final String TRUSTED = "trusted";

    /** Every scope, in the order of docs/api.md. */
    public static final Set<String> ALL = ordered(
            STATUS_GET, MAKE_IT_SO_POST,
            PROJECTS_GET, PROJECTS_ID_GET, PROJECTS_ID_PUT, PROJECTS_ID_DELETE,
            PIPELINES_GET, PIPELINES_ID_GET, PIPELINES_ID_PUT, PIPELINES_ID_DELETE,
            PROJECTS_ID_BUILDS_POST, PROJECTS_ID_BUILDS_GET, PROJECTS_ID_BUILDS_ID_GET,
            PROJECTS_ID_BUILDS_ID_ACTIONS_GET, PROJECTS_ID_BUILDS_ID_LOG_GET, BUILDS_GET,
            PROJECTS_ID_BUILDS_ID_CANCEL_POST,
            WORKERS_POST, WORKERS_GET, WORK_GET, WORK_ID_OUTPUT_POST, WORK_ID_RESULT_POST, WORK_ID_HEARTBEAT_POST,
            CLIENTS_GET, CLIENTS_ID_PUT, CLIENTS_ID_DELETE,
            BLOBS_GET, BLOBS_PUT, BLOBS_LIST, BLOBS_DELETE, BLOB_RETENTION_POST,
            NOTIFICATIONS_GET, NOTIFICATIONS_ID_RETRY_POST,
            TLS_GET, TLS_RENEW_POST,
            APT_GET, APT_UPLOADS_POST,
            TRUSTED);

    /** Whether a token with these scopes (its groups) is a trusted worker's. */
    public static boolean isTrusted(Collection<String> scopes) {
        return scopes != null && scopes.contains(TRUSTED);
    }

    /** The scopes that guard no route but mark what a client is ({@link #TRUSTED}). */
    public static final Set<String> MARKERS = ordered(TRUSTED);

    /**
     * What the operator's client ({@code admin}) may do: everything, but it is no trusted worker; it grants
     * {@link #TRUSTED} and {@link #APT_UPLOADS_POST} to a client without holding them.
     */
    public static final Set<String> ADMIN = without(ALL, TRUSTED, APT_UPLOADS_POST);

    /** What a worker may do: register, and take, report on and finish work. */
    public static final Set<String> WORKER = ordered(WORKERS_POST, WORK_GET, WORK_ID_OUTPUT_POST, WORK_ID_RESULT_POST,
            WORK_ID_HEARTBEAT_POST, BLOBS_GET, BLOBS_PUT);

    /**
     * What a trusted worker may do: what any worker may, be given the actions of trusted pipelines, and upload
     * packages to the APT repository.
     */
    public static final Set<String> TRUSTED_WORKER = with(WORKER, TRUSTED, APT_UPLOADS_POST);

    private Scopes() {
    }

    /** The scopes of a space-separated list (OAuth2 {@code scope} syntax); empty for null or blank. */
    public static Set<String> parse(String spaceSeparated) {
        if (spaceSeparated == null || spaceSeparated.isBlank()) {
            return Set.of();
        }
        return Collections.unmodifiableSet(new TreeSet<>(List.of(spaceSeparated.trim().split(" +"))));
    }

    /** The OAuth2 form of a set of scopes: sorted, space-separated. */
    public static String format(Collection<String> scopes) {
        return String.join(" ", new TreeSet<>(scopes));
    }

    /** The names in {@code scopes} that are not scopes of the API, sorted; empty if all are known. */
    public static Set<String> unknown(Collection<String> scopes) {
        Set<String> unknown = new TreeSet<>(scopes);
        unknown.removeAll(ALL);
        return unknown;
    }

    private static Set<String> with(Set<String> scopes, String... more) {
        Set<String> all = new LinkedHashSet<>(scopes);
        all.addAll(List.of(more));
        return Collections.unmodifiableSet(all);
    }

    private static Set<String> without(Set<String> scopes, String... less) {
        Set<String> rest = new LinkedHashSet<>(scopes);
        List.of(less).forEach(rest::remove);
        return Collections.unmodifiableSet(rest);
    }

    private static Set<String> ordered(String... scopes) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(scopes)));
    }
}
