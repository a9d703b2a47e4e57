package ick.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepRulesTest {
    private static final String LABEL = "pipeline \"build\", action 2";

    @Test
    void acceptsEachKindWithOrWithoutWhere() {
        assertThat(StepRules.check(LABEL, Map.of("shell", "make"))).isEmpty();
        assertThat(StepRules.check(LABEL, Map.of("python", "print(1)", "where", "chroot"))).isEmpty();
        assertThat(StepRules.check(LABEL, Map.of("action", "git", "where", "host"))).isEmpty();
        assertThat(StepRules.check(LABEL, Map.of("action", "create_workspace", "where", "container"))).isEmpty();
    }

    @Test
    void namesAnUnknownKey() {
        assertThat(StepRules.check(LABEL, Map.of("shel", "make")))
                .contains("pipeline \"build\", action 2: unknown key \"shel\"")
                .contains("pipeline \"build\", action 2: needs one of \"shell\", \"python\" or \"action\"");
    }

    @Test
    void refusesTwoKinds() {
        assertThat(StepRules.check(LABEL, Map.of("shell", "make", "python", "x")))
                .containsExactly("pipeline \"build\", action 2: has \"shell\" and \"python\"; give only one");
    }

    @Test
    void refusesNonStringCode() {
        assertThat(StepRules.check(LABEL, Map.of("shell", 42)))
                .containsExactly("pipeline \"build\", action 2: \"shell\" must be a string");
    }

    @Test
    void refusesUnknownBuiltinNamingTheKnownOnes() {
        assertThat(StepRules.check(LABEL, Map.of("action", "teleport")))
                .singleElement().asString()
                .startsWith("pipeline \"build\", action 2: unknown built-in action \"teleport\" (known: create_workspace, ")
                .contains(", git"); // the list grows with BuiltinActions
    }

    @Test
    void refusesUnknownPlace() {
        assertThat(StepRules.check(LABEL, Map.of("shell", "make", "where", "moon")))
                .containsExactly("pipeline \"build\", action 2: \"where\" must be one of host, chroot, container,"
                        + " not \"moon\"");
    }

    @Test
    void aNullPlaceArchiveOrPopulateIsAFaultNotAnException() {
        for (String key : List.of("where", "archive", "populate")) {
            Map<String, Object> step = new java.util.HashMap<>();
            if (key.equals("where")) {
                step.put("shell", "true");
            }
            step.put(key, null);
            assertThat(StepRules.check("action 1", step)).as(key).isNotEmpty()
                    .allSatisfy(e -> assertThat(e).startsWith("action 1: \"" + key + "\" must be"));
        }
    }

    @Test
    void refusesEmptyAction() {
        assertThat(StepRules.check(LABEL, Map.of())).hasSize(1).first().asString().contains("empty action");
        assertThat(StepRules.check(LABEL, null)).hasSize(1);
    }

    @Test
    void collectsEveryFault() {
        assertThat(StepRules.check(LABEL, Map.of("shell", 1, "action", "nope", "where", "x", "extra", true)))
                .hasSize(5);
    }
}
