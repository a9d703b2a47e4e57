package ick.web.api;

import ick.blob.BlobPins;
import ick.blob.BlobService;
import ick.blob.BlobStore;
import ick.blob.ByteRange;
import ick.blob.ReservedBlobNames;
import ick.identity.Scopes;
import ick.problem.InvalidInputException;
import ick.protocol.BlobInfo;
import ick.protocol.BlobUpload;
import ick.protocol.ReadAhead;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Blobs over HTTP, streamed both ways (the JSON body limit does not apply here; see {@link BodySizeLimit}).
 * {@code PUT} takes the whole blob, or a part with {@code Content-Range} to resume; {@code GET} honours
 * {@code Range}. Both carry {@code Digest: sha-256=BASE64} and {@code ETag: "HEX"}.
 */
@Path("/blobs")
@RequestScoped
public class BlobResource {
    /** How many bytes of an upload the controller holds: on 202 and on 409 answers. */
    public static final String UPLOAD_OFFSET = "Ick-Upload-Offset";
    private static final Logger LOG = Logger.getLogger(BlobResource.class.getName());

    @Inject
    BlobService blobs;

    @Inject
    BlobPins pins;

    @Inject
    JsonWebToken token;

    @GET
    @RolesAllowed(Scopes.BLOBS_LIST)
    @Produces(MediaType.APPLICATION_JSON)
    public List<BlobInfo> list(@QueryParam("prefix") String prefix) {
        return blobs.list(prefix);
    }

    @HEAD
    @Path("/{name: .+}")
    @RolesAllowed(Scopes.BLOBS_GET)
    public Response head(@PathParam("name") String name) {
        BlobInfo info = blobs.info(name);
        return described(Response.ok(), info).header("Content-Length", info.size()).build();
    }

    @GET
    @Path("/{name: .+}")
    @RolesAllowed(Scopes.BLOBS_GET)
    public Response get(@PathParam("name") String name, @HeaderParam("Range") String rangeHeader,
                        @HeaderParam("If-Range") String ifRange) {
        BlobStore.Opened blob = blobs.open(name);
        try {
            BlobInfo info = blob.info();
            Optional<ByteRange> range = ifRange == null || ifRange.equals(etag(info))
                    ? ByteRange.ofRangeHeader(rangeHeader, info.size()) : Optional.empty();
            long first = range.map(ByteRange::first).orElse(0L);
            long length = range.map(ByteRange::length).orElse(info.size());
            Response.ResponseBuilder answer = range.isPresent()
                    ? Response.status(206).header("Content-Range", range.get().contentRange(info.size()))
                    : Response.ok();
            return described(answer, info)
                    .type(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                    .header("Content-Length", length)
                    .entity((StreamingOutput) out -> copy(blob, first, length, out))
                    .build();
        } catch (RuntimeException e) {
            close(blob);
            throw e;
        }
    }

    /**
     * 201 (created) or 200 (replaced) with the {@link BlobInfo} when the blob is complete; 202 with a
     * {@link BlobUpload} when a {@code Content-Range} part left it unfinished; 403 for a name under
     * {@link ReservedBlobNames#RELEASE_TAG} from a client that is not a trusted worker. A complete blob from a
     * client that may delete blobs (the admin) is pinned at its digest ({@link BlobPins#written}).
     */
    @PUT
    @Path("/{name: .+}")
    @RolesAllowed(Scopes.BLOBS_PUT)
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("name") String name, @HeaderParam("Content-Range") String contentRange,
                        @HeaderParam("Digest") String digest, @Context UriInfo uri,
                        @Context HttpServletRequest request) {
        Optional<Response> refused = refusal(name, token);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<ByteRange.Part> part;
        try {
            part = ByteRange.ofContentRange(contentRange);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        String expected = expectedSha256(digest);
        BlobStore.Written written;
        try {
            written = blobs.write(name, part.map(p -> p.range().first()).orElse(0L),
                    part.map(ByteRange.Part::total).orElse(null), expected, RequestBody.of(request));
        } catch (IOException e) {
            long held = blobs.partialOffset(name);
            LOG.info(() -> "upload of blob " + name + " broken off (" + e + "); " + held + " bytes kept to resume");
            return Problems.builder(400, "the upload broke off: " + e.getMessage() + "; " + held
                    + " bytes are kept, resume from there", null).header(UPLOAD_OFFSET, held).build();
        }
        if (!written.complete()) {
            return Response.accepted(new BlobUpload(name, written.offset()))
                    .header(UPLOAD_OFFSET, written.offset()).build();
        }
        BlobInfo info = written.info();
        LOG.info(() -> "stored blob " + name + ": " + info.size() + " bytes, sha256 " + info.sha256());
        pins.written(name, info.sha256(), token.getGroups());
        Response.ResponseBuilder answer = written.replaced() ? Response.ok(info)
                : Response.created(uri.getAbsolutePath()).entity(info);
        return described(answer, info).build();
    }

    /**
     * Deletes the blob; 404 if there is none. Its pin ({@link BlobPins}) stays: without it, whoever wrote the name
     * next (repository code with a worker's token, watching for the delete) would be used as it is.
     */
    @DELETE
    @Path("/{name: .+}")
    @RolesAllowed(Scopes.BLOBS_DELETE)
    public Response delete(@PathParam("name") String name) {
        blobs.delete(name);
        return Response.noContent().build();
    }

    /** 403 when the caller lacks the scope that writing {@code name} needs ({@link ReservedBlobNames}). */
    static Optional<Response> refusal(String name, JsonWebToken token) {
        return ReservedBlobNames.scopeToWrite(name)
                .filter(scope -> token.getGroups() == null || !token.getGroups().contains(scope))
                .map(scope -> Problems.of(403, ReservedBlobNames.refusal(name, scope)));
    }

    static Response.ResponseBuilder described(Response.ResponseBuilder answer, BlobInfo info) {
        return answer.header("Digest", "sha-256=" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(info.sha256())))
                .header("ETag", etag(info))
                .header("Accept-Ranges", "bytes")
                .lastModified(Date.from(info.modified()));
    }

    private static String etag(BlobInfo info) {
        return "\"" + info.sha256() + "\"";
    }

    /** The hex SHA-256 a {@code Digest: sha-256=BASE64} header gives, or null if none is given. */
    static String expectedSha256(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        for (String item : header.split(",")) {
            String[] pair = item.strip().split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("sha-256")) {
                try {
                    byte[] bytes = Base64.getDecoder().decode(pair[1].strip());
                    if (bytes.length == 32) {
                        return HexFormat.of().formatHex(bytes);
                    }
                } catch (IllegalArgumentException notBase64) {
                    // reported below
                }
                throw new InvalidInputException("Digest: sha-256= must be followed by the base64 of 32 bytes");
            }
        }
        return null; // other algorithms are not checked
    }

    private void copy(BlobStore.Opened blob, long first, long length, OutputStream out) throws IOException {
        try (blob; ReadAhead chunks = blobs.readAhead(blob, first, length)) {
            WritableByteChannel body = ResponseBody.of(out);
            for (ByteBuffer chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
                while (chunk.hasRemaining()) {
                    body.write(chunk);
                }
            }
            out.flush();
        }
    }

    private static void close(BlobStore.Opened blob) {
        try {
            blob.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
    }
}
