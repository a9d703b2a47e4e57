package ick.project;

import static org.assertj.core.api.Assertions.assertThat;

import ick.protocol.PipelineSpec;
import ick.protocol.ProjectFile;
import ick.protocol.ProjectSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ProjectFileRulesTest {
    private static final Function<String, Optional<PipelineSpec>> NOTHING_STORED = name -> Optional.empty();

    private static PipelineSpec pipeline(String name, List<String> parameters, Map<String, Object>... actions) {
        return new PipelineSpec(name, parameters, Arrays.asList(actions));
    }

    private static ProjectFile file(List<ProjectSpec> projects, List<PipelineSpec> pipelines) {
        return new ProjectFile(projects, pipelines);
    }

    @Test
    void acceptsAGoodFile() {
        ProjectFile good = file(
                List.of(new ProjectSpec("hello", Map.of("git_url", "https://example.org/x.git"), List.of("build"))),
                List.of(pipeline("build", List.of("git_url", "git_ref"), Map.of("action", "git"), Map.of("shell", "make"))));
        assertThat(ProjectFileRules.check(good, NOTHING_STORED)).isEmpty();
    }

    @Test
    void acceptsEmptyFile() {
        assertThat(ProjectFileRules.check(new ProjectFile(null, null), NOTHING_STORED)).isEmpty();
    }

    @Test
    void projectMayUseAStoredPipeline() {
        PipelineSpec stored = pipeline("build", List.of("x"), Map.of("shell", "make"));
        ProjectFile usesStored = file(List.of(new ProjectSpec("hello", Map.of("x", 1), List.of("build"))), null);
        assertThat(ProjectFileRules.check(usesStored, name -> name.equals("build") ? Optional.of(stored) : Optional.empty()))
                .isEmpty();
    }

    @Test
    void refusesAPipelineThatIsNeitherInTheFileNorStored() {
        ProjectFile missing = file(List.of(new ProjectSpec("hello", null, List.of("nope"))), null);
        assertThat(ProjectFileRules.check(missing, NOTHING_STORED))
                .containsExactly("project \"hello\": pipeline \"nope\" is neither in the file nor stored");
    }

    @Test
    void refusesAProjectThatListsAPipelineTwice() {
        // each pipeline is one span of the graph: a second copy gave action indexes twice, and a build stuck in
        // triggered (its graph could never be stored)
        ProjectFile twice = file(List.of(new ProjectSpec("hello", null, List.of("build", "build"))),
                List.of(pipeline("build", null, Map.of("shell", "make"))));
        assertThat(ProjectFileRules.check(twice, NOTHING_STORED))
                .containsExactly("project \"hello\": pipeline \"build\" is listed more than once");
    }

    @Test
    void aNullNameInNeedsIsAFaultNotAnException() {
        ProjectFile file = file(List.of(new ProjectSpec("hello", null, List.of("build"))),
                List.of(new PipelineSpec("build", List.of(), List.of(Map.of("shell", "make")),
                        Arrays.asList((String) null), null, null)));
        assertThat(ProjectFileRules.check(file, NOTHING_STORED)).hasSize(1)
                .allSatisfy(e -> assertThat(e).startsWith("pipeline \"build\", needs: "));
    }

    @Test
    void refusesDuplicateNames() {
        ProjectFile twice = file(
                List.of(new ProjectSpec("hello", null, List.of()), new ProjectSpec("hello", null, List.of())),
                List.of(pipeline("build", null), pipeline("build", null)));
        assertThat(ProjectFileRules.check(twice, NOTHING_STORED)).containsExactlyInAnyOrder(
                "pipeline \"build\": defined 2 times in the file",
                "project \"hello\": defined 2 times in the file");
    }

    @Test
    void refusesInvalidNamesNamingTheItemByPosition() {
        ProjectFile bad = file(List.of(new ProjectSpec("a/b", null, List.of())),
                List.of(pipeline("..", null), pipeline(null, null)));
        assertThat(ProjectFileRules.check(bad, NOTHING_STORED)).hasSize(3)
                .anyMatch(e -> e.startsWith("project 1: invalid name \"a/b\""))
                .anyMatch(e -> e.startsWith("pipeline 1: invalid name \"..\""))
                .contains("pipeline 2: missing name");
    }

    @Test
    void refusesAProjectParameterNoPipelineDeclares() {
        ProjectFile undeclared = file(List.of(new ProjectSpec("hello", Map.of("gti_url", "x"), List.of("build"))),
                List.of(pipeline("build", List.of("git_url"), Map.of("action", "git"))));
        assertThat(ProjectFileRules.check(undeclared, NOTHING_STORED))
                .containsExactly("project \"hello\": parameter \"gti_url\" is not declared by any of its pipelines");
    }

    @Test
    void aDeclaredParameterTheProjectDoesNotGiveIsFine() {
        ProjectFile partial = file(List.of(new ProjectSpec("hello", Map.of(), List.of("build"))),
                List.of(pipeline("build", List.of("git_url"), Map.of("action", "git"))));
        assertThat(ProjectFileRules.check(partial, NOTHING_STORED)).isEmpty();
    }

    @Test
    void refusesBadAndRepeatedParameterNames() {
        ProjectFile bad = file(null, List.of(pipeline("build", List.of("ok", "ok", "no/slash"))));
        assertThat(ProjectFileRules.check(bad, NOTHING_STORED)).hasSize(2)
                .contains("pipeline \"build\": parameter \"ok\" declared twice")
                .anyMatch(e -> e.startsWith("pipeline \"build\", parameter 3: invalid name \"no/slash\""));
    }

    @Test
    void namesTheActionOfAnUnknownKey() {
        ProjectFile typo = file(null, List.of(pipeline("build", null, Map.of("shell", "true"), Map.of("shel", "make"))));
        assertThat(ProjectFileRules.check(typo, NOTHING_STORED))
                .contains("pipeline \"build\", action 2: unknown key \"shel\"");
    }

    @Test
    void collectsAllErrorsOfAllItems() {
        List<PipelineSpec> pipelines = new ArrayList<>();
        pipelines.add(pipeline("p1", null, Map.of("python", 3)));
        pipelines.add(null);
        pipelines.add(pipeline("p2", null, Map.of("action", "nope")));
        List<ProjectSpec> projects = new ArrayList<>();
        projects.add(new ProjectSpec("x", null, List.of("p1", "missing")));
        projects.add(null);
        assertThat(ProjectFileRules.check(file(projects, pipelines), NOTHING_STORED)).containsExactly(
                "pipeline \"p1\", action 1: \"python\" must be a string",
                "pipeline 2: empty",
                "pipeline \"p2\", action 1: unknown built-in action \"nope\" (known: " + String.join(", ", new java.util.TreeSet<>(BuiltinActions.names())) + ")",
                "project \"x\": pipeline \"missing\" is neither in the file nor stored",
                "project 2: empty");
    }
}
