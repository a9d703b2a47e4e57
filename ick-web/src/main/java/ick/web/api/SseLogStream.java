package ick.web.api;

import ick.build.LogSlice;
import ick.build.LogStream;
import ick.protocol.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A followed build log as Server-Sent Events: each event {@code log} has the new text, the offset to resume
 * from (also its {@code id}, so {@code Last-Event-ID} resumes) and the build's state, as one line of JSON;
 * the last event, {@code end}, comes when the build ended and everything was sent.
 */
final class SseLogStream implements LogStream {
    private final SseEventSink sink;
    private final Sse sse;

    SseLogStream(SseEventSink sink, Sse sse) {
        this.sink = sink;
        this.sse = sse;
    }

    @Override
    public boolean send(LogSlice slice) {
        if (sink.isClosed()) {
            return false;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", slice.text());
        data.put("offset", slice.nextOffset());
        data.put("state", slice.state().json());
        String json;
        try {
            json = Json.mapper().writeValueAsString(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        boolean end = slice.text().isEmpty() && slice.state().isFinished();
        try {
            sink.send(sse.newEventBuilder().name(end ? "end" : "log").id(Long.toString(slice.nextOffset()))
                    .mediaType(MediaType.APPLICATION_JSON_TYPE).data(String.class, json).build())
                    .toCompletableFuture().join();
            return true;
        } catch (RuntimeException gone) {
            close();
            return false;
        }
    }

    @Override
    public boolean isClosed() {
        return sink.isClosed();
    }

    @Override
    public void close() {
        try {
            sink.close();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }
}
