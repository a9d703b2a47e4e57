package ick.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import ick.build.BuildJobs;
import ick.build.BuildService;
import ick.build.BuildStops;
import ick.build.LogFollowers;
import ick.build.LogSlice;
import ick.problem.InvalidInputException;
import ick.protocol.ActionInfo;
import ick.protocol.BuildInfo;
import ick.protocol.Json;
import ick.protocol.TriggerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A project's builds: trigger, list, show, cancel, actions (the graph), and the log (a long poll, or a
 * Server-Sent Events stream, to follow it).
 */
@Path("/projects/{name}/builds")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class BuildResource {
    static final int MAX_LOG_WAIT = 30;
    static final String TEXT = "text/plain; charset=utf-8";
    /**
     * Server-sent events, with a server quality below the plain log's 1: a client that accepts anything (no
     * {@code Accept}, or {@code *}{@code /*}) gets the plain log, and RESTEasy need not warn on every such call
     * that two methods match.
     */
    static final String EVENTS = MediaType.SERVER_SENT_EVENTS + ";qs=0.5";

    @Inject
    BuildJobs jobs;

    @Inject
    BuildService builds;

    @Inject
    LogFollowers followers;

    @Inject
    BuildStops stops;

    @Inject
    JsonWebToken token;

    /**
     * Triggers a build. The body is optional (hence read by hand): a {@link TriggerRequest} gives values for
     * some of the project's parameters, for this build only.
     */
    @POST
    @RolesAllowed("uapi_projects_id_builds_post")
    public Response trigger(@PathParam("name") String project, @Context UriInfo uri, String body)
            throws JsonProcessingException {
        TriggerRequest request = body == null || body.isBlank() ? null
                : Json.mapper().readValue(body, TriggerRequest.class);
        BuildInfo build = jobs.trigger(project, request == null ? Map.of() : request.parameters());
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(build.number())).build())
                .entity(build).build();
    }

    @GET
    @RolesAllowed("uapi_projects_id_builds_get")
    public List<BuildInfo> list(@PathParam("name") String project, @QueryParam("limit") @DefaultValue("50") int limit) {
        return builds.builds(project, limit);
    }

    @GET
    @Path("/{number}")
    @RolesAllowed("uapi_projects_id_builds_id_get")
    public BuildInfo get(@PathParam("name") String project, @PathParam("number") long number) {
        return builds.build(project, number);
    }

    /** Cancels the build: running actions are stopped by their workers, the rest cancelled; 409 if it ended. */
    @POST
    @Path("/{number}/cancel")
    @RolesAllowed("uapi_projects_id_builds_id_cancel_post")
    public BuildInfo cancel(@PathParam("name") String project, @PathParam("number") long number) {
        return stops.cancel(project, number, token.getSubject());
    }

    @GET
    @Path("/{number}/actions")
    @RolesAllowed("uapi_projects_id_builds_id_actions_get")
    public List<ActionInfo> actions(@PathParam("name") String project, @PathParam("number") long number) {
        return builds.actions(project, number);
    }

    /**
     * The log from character {@code offset}; with {@code wait}, held until there is more or the build ends.
     * Headers {@code Ick-Log-Offset} (where to ask from next) and {@code Ick-Build-State}.
     */
    @GET
    @Path("/{number}/log")
    @RolesAllowed("uapi_projects_id_builds_id_log_get")
    @Produces({TEXT, "application/problem+json"})
    public void log(@PathParam("name") String project, @PathParam("number") long number,
                    @QueryParam("offset") @DefaultValue("0") long offset,
                    @QueryParam("wait") @DefaultValue("0") int wait,
                    @Suspended AsyncResponse response) {
        if (offset < 0) {
            throw new InvalidInputException("offset must be 0 or more");
        }
        if (wait < 0 || wait > MAX_LOG_WAIT) {
            throw new InvalidInputException("wait must be between 0 and " + MAX_LOG_WAIT + " seconds");
        }
        long buildId = builds.idOf(project, number);
        response.setTimeout(wait + 15L, TimeUnit.SECONDS);
        response.setTimeoutHandler(r -> r.resume(Problems.of(503, "the log could not be read in time")));
        followers.follow(buildId, offset, Duration.ofSeconds(wait), slice -> response.resume(answer(slice)));
    }

    /**
     * The log as Server-Sent Events ({@code Accept: text/event-stream}) from {@code offset} (or the
     * {@code Last-Event-ID} a reconnecting client sends) until the build ends; no thread waits meanwhile.
     */
    @GET
    @Path("/{number}/log")
    @RolesAllowed("uapi_projects_id_builds_id_log_get")
    @Produces(BuildResource.EVENTS) // ranked below the plain log, which a client accepting anything gets
    public void stream(@PathParam("name") String project, @PathParam("number") long number,
                       @QueryParam("offset") @DefaultValue("0") long offset,
                       @HeaderParam("Last-Event-ID") String lastEventId,
                       @Context SseEventSink sink, @Context Sse sse) {
        long from = offset;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                from = Long.parseLong(lastEventId.strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("Last-Event-ID must be a log offset");
            }
        }
        if (from < 0) {
            throw new InvalidInputException("offset must be 0 or more");
        }
        long buildId = builds.idOf(project, number);
        followers.stream(buildId, from, new SseLogStream(sink, sse));
    }

    private static Response answer(LogSlice slice) {
        if (slice == null) {
            return Problems.of(503, "the log could not be read; try again");
        }
        return Response.ok(slice.text(), TEXT)
                .header("Ick-Log-Offset", slice.nextOffset())
                .header("Ick-Build-State", slice.state().json())
                .build();
    }
}
