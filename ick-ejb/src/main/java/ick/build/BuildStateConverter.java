package ick.build;

import ick.protocol.BuildState;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link BuildState} as its lower-case JSON word, the same in the database as on the wire. */
@Converter(autoApply = true)
public class BuildStateConverter implements AttributeConverter<BuildState, String> {
    @Override
    public String convertToDatabaseColumn(BuildState state) {
        return state == null ? null : state.json();
    }

    @Override
    public BuildState convertToEntityAttribute(String word) {
        return word == null ? null : BuildState.of(word);
    }
}
