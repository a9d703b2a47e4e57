package ick.web.api;

import ick.identity.Scopes;
import ick.problem.InvalidInputException;
import ick.protocol.ActionResult;
import ick.protocol.HeartbeatReply;
import ick.protocol.OutputChunk;
import ick.protocol.ResultBatch;
import ick.protocol.ResultBatchReply;
import ick.protocol.WorkItem;
import ick.worker.Claims;
import ick.worker.WorkDelivery;
import ick.worker.WorkReports;
import ick.worker.WorkWaiters;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The worker protocol's work calls (see {@code ick.protocol}): take the next action (a long poll that holds
 * no thread), send heartbeats, report its output and its result. The worker is always the token's subject;
 * {@code attempt} (from the {@code WorkItem}) fences off a worker whose lease was given to another attempt.
 */
@Path("/work")
@RequestScoped
public class WorkResource {
    static final int MAX_WAIT = 60;

    @Inject
    WorkWaiters waiters;

    @Inject
    WorkReports reports;

    @Inject
    JsonWebToken token;

    /**
     * 200 with the action now held by the caller, or 204 if none became ready within {@code wait} seconds. A
     * caller whose token holds the scope {@code trusted} is a trusted worker: it gets the actions of trusted
     * pipelines only, and no other caller ever gets one. Only the token says so, never the worker.
     */
    @GET
    @RolesAllowed("uapi_work_get")
    @Produces(MediaType.APPLICATION_JSON)
    public void next(@QueryParam("wait") @DefaultValue("0") int wait,
                     @QueryParam("ahead") @DefaultValue("0") int ahead, @Suspended AsyncResponse response) {
        if (wait < 0 || wait > MAX_WAIT) {
            throw new InvalidInputException("wait must be between 0 and " + MAX_WAIT + " seconds");
        }
        requireAhead(ahead);
        // A safety net only: WorkWaiters answers at the deadline itself.
        response.setTimeout(wait + 15L, TimeUnit.SECONDS);
        response.setTimeoutHandler(r -> r.resume(Response.noContent().build()));
        waiters.await(token.getSubject(), trusted(), ahead, Duration.ofSeconds(wait),
                delivery(response, ClosedConnection.probe()));
    }

    /** Whether the caller's token makes it a trusted worker. */
    private boolean trusted() {
        return Scopes.isTrusted(token.getGroups());
    }

    /** Answers {@code response} with the action handed over (200) or with nothing (204). */
    private static WorkDelivery delivery(AsyncResponse response) {
        return delivery(response, () -> false);
    }

    /** @param gone whether the request's client has gone (see {@link ClosedConnection}) */
    private static WorkDelivery delivery(AsyncResponse response, BooleanSupplier gone) {
        return answering(response, gone, item -> item == null ? Response.noContent().build()
                : Response.ok(item, MediaType.APPLICATION_JSON_TYPE).build());
    }

    /**
     * Answers {@code response} with {@code answer} of the action handed over, or of null when there is none.
     *
     * @param gone whether the request's client has gone (see {@link ClosedConnection})
     */
    private static WorkDelivery answering(AsyncResponse response, BooleanSupplier gone,
                                          Function<WorkItem, Object> answer) {
        return new WorkDelivery() {
            @Override
            public boolean gone() {
                return gone.getAsBoolean();
            }

            @Override
            public boolean deliver(WorkItem item) {
                return response.resume(answer.apply(item));
            }

            @Override
            public void nothing() {
                response.resume(answer.apply(null));
            }
        };
    }

    @POST
    @Path("/{actionId}/output")
    @RolesAllowed("uapi_work_id_output_post")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response output(@PathParam("actionId") long actionId,
                           @QueryParam("attempt") @DefaultValue("0") int attempt, OutputChunk chunk) {
        if (chunk == null) {
            throw new InvalidInputException("the body must be an output chunk: {\"seq\": N, \"data\": TEXT}");
        }
        reports.output(token.getSubject(), actionId, requireAttempt(attempt), chunk);
        return Response.noContent().build();
    }

    /**
     * The output as plain text, the chunk's seq in the query: no JSON to escape and parse, and bodies up to
     * {@link BodySizeLimit#OUTPUT_MAX_BYTES} (a worker sends what piled up while its last call was on its way).
     * The body is in the charset its type names, UTF-8 if none; what does not decode becomes U+FFFD.
     */
    @POST
    @Path("/{actionId}/output")
    @RolesAllowed("uapi_work_id_output_post")
    @Consumes(MediaType.TEXT_PLAIN)
    public Response outputText(@PathParam("actionId") long actionId,
                               @QueryParam("attempt") @DefaultValue("0") int attempt,
                               @QueryParam("seq") Long seq, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        if (seq == null) {
            throw new InvalidInputException("plain-text output needs its chunk's number: ?seq=N");
        }
        String data = text(body, headers.getLength(), charset(headers.getMediaType()));
        reports.output(token.getSubject(), actionId, requireAttempt(attempt), new OutputChunk(seq, data));
        return Response.noContent().build();
    }

    /**
     * The body as text, read straight into one array of its declared length (else to its end) and decoded
     * once: megabytes of output a call, where JAX-RS's String reader reads 1 KiB at a time into a growing
     * buffer (three more copies, and garbage the size of the body).
     */
    static String text(InputStream body, int declaredLength, Charset charset) throws IOException {
        if (body == null) {
            return "";
        }
        if (declaredLength < 0) {
            return new String(body.readAllBytes(), charset);
        }
        byte[] bytes = new byte[declaredLength];
        int read = body.readNBytes(bytes, 0, declaredLength);
        return new String(bytes, 0, read, charset);
    }

    private static Charset charset(MediaType type) {
        String name = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("unknown charset " + name + " in the Content-Type: send UTF-8");
        }
    }

    /**
     * 204; or, with {@code ?next=true}, the caller's next action if one is ready for it now (200 with the
     * {@code WorkItem}, which it then holds, as from {@code GET /work}), else 204: a worker busy with queued
     * work goes from one action to the next in one call. Not a long poll: with nothing ready the worker polls.
     */
    @POST
    @Path("/{actionId}/result")
    @RolesAllowed("uapi_work_id_result_post")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public void result(@PathParam("actionId") long actionId,
                       @QueryParam("attempt") @DefaultValue("0") int attempt,
                       @QueryParam("next") @DefaultValue("false") boolean next,
                       @QueryParam("ahead") @DefaultValue("0") int ahead,
                       ActionResult result, @Suspended AsyncResponse response) {
        if (result == null) {
            throw new InvalidInputException("the body must be a result: {\"exitCode\": N}");
        }
        requireAhead(ahead);
        String worker = token.getSubject();
        if (!next) {
            reports.result(worker, actionId, requireAttempt(attempt), result);
            response.resume(Response.noContent().build());
            return;
        }
        boolean trusted = trusted();
        Optional<WorkItem> sameBuild = reports.resultAndNext(worker, trusted, actionId, requireAttempt(attempt), result,
                ahead);
        if (sameBuild.isPresent()) {
            waiters.handOver(worker, sameBuild.get(), delivery(response));
        } else {
            waiters.await(worker, trusted, ahead, Duration.ZERO, delivery(response));
        }
    }

    /**
     * The results of actions the caller ran one after another without asking ({@link WorkItem#ahead()}), in one
     * call and one transaction ({@link ResultBatch}). 200 with a {@link ResultBatchReply}: how many were taken,
     * and the action refused if one was (the caller stops it). With {@code ?next=true}, when all was taken and
     * no action runs ahead, the reply carries the caller's next action if one is ready now (held by it then).
     * 409 if the caller does not hold the first one.
     */
    @POST
    @Path("/results")
    @RolesAllowed("uapi_work_id_result_post")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public void results(@QueryParam("next") @DefaultValue("false") boolean next,
                        @QueryParam("ahead") @DefaultValue("0") int ahead,
                        ResultBatch batch, @Suspended AsyncResponse response) {
        if (batch == null) {
            throw new InvalidInputException("the body must be a batch of results: {\"results\": [...]}");
        }
        requireAhead(ahead);
        String worker = token.getSubject();
        boolean trusted = trusted();
        WorkReports.BatchOutcome outcome = reports.results(worker, trusted, batch, next, ahead);
        if (!outcome.allTaken() || !next || batch.running() != null) {
            response.resume(new ResultBatchReply(outcome.accepted(), outcome.refused(), outcome.reason(), null));
            return;
        }
        // answered with how many were taken, and the next action handed over or none
        WorkDelivery delivery = answering(response, () -> false,
                item -> new ResultBatchReply(outcome.accepted(), null, null, item));
        if (outcome.next().isPresent()) {
            waiters.handOver(worker, outcome.next().get(), delivery);
        } else {
            waiters.await(worker, trusted, ahead, Duration.ZERO, delivery);
        }
    }

    private static void requireAhead(int ahead) {
        if (ahead < 0 || ahead > Claims.MAX_AHEAD) {
            throw new InvalidInputException("ahead must be between 0 and " + Claims.MAX_AHEAD);
        }
    }

    /**
     * Renews the lease of the action the caller holds; the answer says whether to go on ({@code building}) or
     * to stop it now ({@code cancelled}, {@code timed-out}). 409 if the caller does not hold it.
     */
    @POST
    @Path("/{actionId}/heartbeat")
    @RolesAllowed("uapi_work_id_heartbeat_post")
    @Produces(MediaType.APPLICATION_JSON)
    public HeartbeatReply heartbeat(@PathParam("actionId") long actionId,
                                    @QueryParam("attempt") @DefaultValue("0") int attempt) {
        return reports.heartbeat(token.getSubject(), actionId, requireAttempt(attempt));
    }

    private static int requireAttempt(int attempt) {
        if (attempt < 0) {
            throw new InvalidInputException("attempt must be 0 (none) or the attempt of the work item");
        }
        return attempt;
    }
}
