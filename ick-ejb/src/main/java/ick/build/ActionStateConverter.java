package ick.build;

import ick.protocol.ActionState;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores an {@link ActionState} as its lower-case JSON word (the dispatch query says {@code state = 'ready'}). */
@Converter(autoApply = true)
public class ActionStateConverter implements AttributeConverter<ActionState, String> {
    @Override
    public String convertToDatabaseColumn(ActionState state) {
        return state == null ? null : state.json();
    }

    @Override
    public ActionState convertToEntityAttribute(String word) {
        return word == null ? null : ActionState.of(word);
    }
}
