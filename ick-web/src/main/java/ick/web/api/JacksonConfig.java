package ick.web.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import ick.protocol.Json;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** The API reads and writes JSON with ick's one mapping: strict on input, ISO-8601 times. */
@Provider
public class JacksonConfig implements ContextResolver<ObjectMapper> {
    @Override
    public ObjectMapper getContext(Class<?> type) {
        return Json.mapper();
    }
}
