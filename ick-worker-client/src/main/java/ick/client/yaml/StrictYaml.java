package ick.client.yaml;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import ick.protocol.Json;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one YAML file into a record with ick's JSON rules ({@link Json#configure}) plus duplicate-key
 * detection, and turns every Jackson or SnakeYAML failure into an {@link InputFileException} a person can act
 * on, e.g. {@code hello.ick:7:5: unknown key "actoins" in a pipeline; known keys: pipeline, parameters, actions}.
 */
public final class StrictYaml {
    private static final YAMLMapper MAPPER = Json.configure(YAMLMapper.builder())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build();

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

    private final Map<Class<?>, String> places;

    /**
     * @param places how to say where a key sits, per record type, e.g. {@code PipelineSpec.class → "in a pipeline"};
     *               a type not listed is named by its class
     */
    public StrictYaml(Map<Class<?>, String> places) {
        this.places = Map.copyOf(places);
    }

    /** The YAML mapper with ick's rules, for writing YAML too. */
    public static YAMLMapper mapper() {
        return MAPPER;
    }

    /** Reads {@code file} as a {@code type}; an empty file is an error. */
    public <T> T read(Path file, Class<T> type) throws InputFileException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InputFileException(file, 0, 0, "cannot read the file (" + e + ")", e);
        }
        return parse(file, text, type);
    }

    /** Reads {@code text} as a {@code type}; {@code file} only names the input in errors. */
    public <T> T parse(Path file, String text, Class<T> type) throws InputFileException {
        if (text.isBlank()) {
            throw new InputFileException(file, 0, 0, "the file is empty", null);
        }
        try {
            T value = MAPPER.readValue(text, type);
            if (value == null) {
                throw new InputFileException(file, 1, 1, "the file holds no YAML mapping", null);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw translate(file, text, e);
        }
    }

    private InputFileException translate(Path file, String text, JsonProcessingException e) {
        MarkedYAMLException malformed = cause(e, MarkedYAMLException.class);
        if (malformed != null) {
            // SnakeYAML's own words, without its multi-line excerpt of the file
            String problem = malformed.getProblem();
            if (malformed.getContext() != null) {
                problem = problem + " (" + malformed.getContext() + ")";
            }
            Mark mark = malformed.getProblemMark();
            return new InputFileException(file, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "malformed YAML: " + problem, e);
        }
        YamlPositions positions = YamlPositions.of(text);
        List<Object> path = e instanceof JsonMappingException m ? path(m) : List.of();
        if (e instanceof UnrecognizedPropertyException u) {
            boolean named = !path.isEmpty() && u.getPropertyName().equals(path.get(path.size() - 1));
            List<Object> keyPath = named ? path : append(path, u.getPropertyName());
            return at(file, positions.key(keyPath), e, "unknown key \"" + u.getPropertyName() + "\" "
                    + place(u.getReferringClass()) + "; known keys: "
                    + String.join(", ", knownKeys(u.getReferringClass(), u.getKnownPropertyIds())));
        }
        JsonParseException parse = cause(e, JsonParseException.class);
        Matcher duplicate = parse == null ? null : DUPLICATE.matcher(parse.getOriginalMessage());
        if (duplicate != null && duplicate.find()) {
            String key = duplicate.group(1);
            return at(file, positions.duplicateKey(path, key), parse, "duplicate key \"" + key + "\"");
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            if (m.getPath().isEmpty()) {
                return at(file, Optional.empty(), e, "the file must hold " + kind(m.getTargetType()));
            }
            JsonMappingException.Reference ref = m.getPath().get(m.getPath().size() - 1);
            String what = ref.getFieldName() != null
                    ? "\"" + ref.getFieldName() + "\" " + place(type(ref.getFrom()))
                    : "item " + (ref.getIndex() + 1) + " of a list";
            return at(file, positions.value(path), e, what + " must be " + kind(m.getTargetType()));
        }
        String message = e instanceof DatabindException d ? d.getOriginalMessage() : e.getOriginalMessage();
        return at(file, Optional.empty(), e, firstLine(message));
    }

    private static InputFileException at(Path file, Optional<YamlPositions.Position> found,
                                         JsonProcessingException e, String problem) {
        JsonLocation reported = e.getLocation();
        int line = found.map(YamlPositions.Position::line).orElse(reported == null ? 0 : reported.getLineNr());
        int column = found.map(YamlPositions.Position::column).orElse(reported == null ? 0 : reported.getColumnNr());
        return new InputFileException(file, Math.max(line, 0), Math.max(column, 0), problem, e);
    }

    private static List<Object> path(JsonMappingException e) {
        List<Object> path = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            path.add(ref.getFieldName() != null ? ref.getFieldName() : (Object) ref.getIndex());
        }
        return path;
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(step);
        return longer;
    }

    private static <X extends Throwable> X cause(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Jackson names the object a path step came from by its class while a record is still being built. */
    private static Class<?> type(Object from) {
        return from == null ? null : from instanceof Class<?> c ? c : from.getClass();
    }

    private String place(Class<?> type) {
        if (type == null) {
            return "";
        }
        return places.getOrDefault(type, "in " + type.getSimpleName());
    }

    /** The keys in declaration order for records (as a reader would list them), else as Jackson knows them. */
    private static List<String> knownKeys(Class<?> type, Collection<Object> fromJackson) {
        if (type != null && type.isRecord()) {
            return Arrays.stream(type.getRecordComponents()).map(StrictYaml::key).toList();
        }
        return fromJackson == null ? List.of() : fromJackson.stream().map(String::valueOf).sorted().toList();
    }

    private static String key(RecordComponent component) {
        JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
        return renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
    }

    private static String kind(Class<?> type) {
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping (key: value)";
        }
        if (type == String.class) {
            return "text";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return type == boolean.class || type == Boolean.class ? "true or false" : "a number";
        }
        return "a " + type.getSimpleName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "cannot be read";
        }
        return message.lines().findFirst().orElse(message).strip();
    }
}
