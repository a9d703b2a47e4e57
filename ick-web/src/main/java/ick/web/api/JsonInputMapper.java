package ick.web.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.stream.Collectors;

/** A body that is not JSON, or not the JSON the call takes: 400, naming the field and the position. */
@Provider
public class JsonInputMapper implements ExceptionMapper<JsonProcessingException> {
    @Override
    public Response toResponse(JsonProcessingException e) {
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return new BodyTooLargeMapper().toResponse(tooLarge); // Jackson wraps what the stream threw
            }
        }
        String detail = describe(e);
        return Problems.of(400, detail, List.of(detail));
    }

    static String describe(JsonProcessingException e) {
        String what;
        if (e.getCause() instanceof JsonParseException parse) {
            // a mapping error that is really a syntax error further in
            return "malformed JSON: " + firstLine(parse.getOriginalMessage()) + at(parse.getLocation());
        }
        if (e instanceof UnrecognizedPropertyException u) {
            what = "unknown field \"" + u.getPropertyName() + "\"" + in(u, 1);
        } else if (e instanceof InvalidFormatException f) {
            what = "invalid value " + shorten(String.valueOf(f.getValue())) + " for " + field(f);
        } else if (e instanceof MismatchedInputException m) {
            what = m.getPath().isEmpty() ? "the body is empty or not the expected JSON value"
                    : "wrong type of value for " + field(m);
        } else if (e instanceof JsonMappingException m) {
            what = "invalid value for " + field(m);
        } else {
            what = "malformed JSON: " + firstLine(e.getOriginalMessage());
        }
        return what + at(e.getLocation());
    }

    private static String field(JsonMappingException e) {
        return "field \"" + path(e.getPath(), e.getPath().size()) + "\"";
    }

    /** " in projects[0]" for the object holding an unknown field, or "" at the top. */
    private static String in(JsonMappingException e, int drop) {
        int keep = e.getPath().size() - drop;
        return keep <= 0 ? "" : " in " + path(e.getPath(), keep);
    }

    private static String path(List<JsonMappingException.Reference> path, int count) {
        return path.stream().limit(count)
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String shorten(String value) {
        return "\"" + (value.length() > 60 ? value.substring(0, 60) + "..." : value) + "\"";
    }
}
