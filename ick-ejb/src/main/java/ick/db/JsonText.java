package ick.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import ick.protocol.Json;
import java.util.List;
import java.util.Map;

/**
 * Structured values as they are stored: JSON text in ick's mapping, with map keys sorted so that two equal
 * values always give the same text (which is how make-it-so tells "unchanged" from "updated").
 */
public final class JsonText {
    private static final ObjectMapper CANONICAL = Json.mapper().copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<List<Object>> LIST = new TypeReference<>() { };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<List<Integer>> INTEGERS = new TypeReference<>() { };
    private static final TypeReference<List<Map<String, Object>>> MAPS = new TypeReference<>() { };

    private JsonText() {
    }

    public static String write(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not representable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static Map<String, Object> map(String json) {
        return read(json, MAP);
    }

    public static List<Object> list(String json) {
        return read(json, LIST);
    }

    public static List<String> strings(String json) {
        return read(json, STRINGS);
    }

    public static List<Integer> integers(String json) {
        return read(json, INTEGERS);
    }

    public static List<Map<String, Object>> maps(String json) {
        return read(json, MAPS);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return CANONICAL.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
