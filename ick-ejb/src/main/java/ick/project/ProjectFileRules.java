package ick.project;

import ick.protocol.PipelineSpec;
import ick.protocol.ProjectFile;
import ick.protocol.ProjectSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The rules a project file (and a single project or pipeline) must follow. Every fault is collected, one
 * line each naming the item ({@code pipeline "build", action 2: unknown key "shel"}), so that a user fixes a
 * file in one go. Pure: the pipelines already stored come in as a lookup function.
 */
public final class ProjectFileRules {
    private ProjectFileRules() {
    }

    /**
     * Every fault of {@code file}.
     *
     * @param stored finds a pipeline already stored, by name; a project may name those as well as the file's
     */
    public static List<String> check(ProjectFile file, Function<String, Optional<PipelineSpec>> stored) {
        List<String> errors = new ArrayList<>();
        Map<String, PipelineSpec> filePipelines = new LinkedHashMap<>();
        for (int i = 0; i < file.pipelines().size(); i++) {
            PipelineSpec pipeline = file.pipelines().get(i);
            if (pipeline == null) {
                errors.add("pipeline " + (i + 1) + ": empty");
                continue;
            }
            errors.addAll(checkPipeline(pipeline, label("pipeline", pipeline.pipeline(), i)));
            if (Names.isValid(pipeline.pipeline())) {
                filePipelines.putIfAbsent(pipeline.pipeline(), pipeline);
            }
        }
        errors.addAll(duplicates("pipeline", file.pipelines().stream().map(p -> p == null ? null : p.pipeline()).toList()));

        Function<String, Optional<PipelineSpec>> known = name -> filePipelines.containsKey(name)
                ? Optional.of(filePipelines.get(name)) : stored.apply(name);
        for (int i = 0; i < file.projects().size(); i++) {
            ProjectSpec project = file.projects().get(i);
            if (project == null) {
                errors.add("project " + (i + 1) + ": empty");
                continue;
            }
            errors.addAll(checkProject(project, label("project", project.project(), i), known));
        }
        errors.addAll(duplicates("project", file.projects().stream().map(p -> p == null ? null : p.project()).toList()));
        return errors;
    }

    /** Every fault of one pipeline; {@code label} names it in the messages. */
    public static List<String> checkPipeline(PipelineSpec pipeline, String label) {
        List<String> errors = new ArrayList<>();
        Names.problem(pipeline.pipeline()).ifPresent(p -> errors.add(label + ": " + p));
        Set<String> declared = new HashSet<>();
        for (int i = 0; i < pipeline.parameters().size(); i++) {
            String parameter = pipeline.parameters().get(i);
            Optional<String> problem = Names.problem(parameter);
            if (problem.isPresent()) {
                errors.add(label + ", parameter " + (i + 1) + ": " + problem.get());
            } else if (!declared.add(parameter)) {
                errors.add(label + ": parameter " + Names.quote(parameter) + " declared twice");
            }
        }
        for (int i = 0; i < pipeline.actions().size(); i++) {
            errors.addAll(StepRules.check(label + ", action " + (i + 1), pipeline.actions().get(i)));
        }
        errors.addAll(TrustedStepRules.check(pipeline, label));
        if (pipeline.needs() != null) {
            for (int i = 0; i < pipeline.needs().size(); i++) {
                String needed = pipeline.needs().get(i);
                Names.problem(needed).ifPresent(p -> errors.add(label + ", needs: " + p));
            }
        }
        for (String l : pipeline.requiredLabels()) {
            if (l == null || l.isBlank() || l.length() > 100 || l.chars().anyMatch(Character::isWhitespace)) {
                errors.add(label + ": a label is a word of 1 to 100 characters without spaces (e.g. arch=amd64), not "
                        + Names.quote(String.valueOf(l)));
            }
        }
        if (pipeline.workspace() != null && !List.of(PipelineSpec.SHARED, PipelineSpec.OWN).contains(pipeline.workspace())) {
            errors.add(label + ": \"workspace\" must be shared or own, not " + Names.quote(pipeline.workspace()));
        }
        return errors;
    }

    /**
     * Every fault of one project.
     *
     * @param known finds a pipeline the project may name (in the same file, or stored)
     */
    public static List<String> checkProject(ProjectSpec project, String label,
                                            Function<String, Optional<PipelineSpec>> known) {
        List<String> errors = new ArrayList<>();
        Names.problem(project.project()).ifPresent(p -> errors.add(label + ": " + p));
        errors.addAll(Notify.check(label, project.recipients(), project.notifyOn(), project.webhook()));
        if (project.workspace() != null && !List.of("fresh", ProjectSpec.REUSE).contains(project.workspace())) {
            errors.add(label + ": \"workspace\" must be fresh or reuse, not " + Names.quote(project.workspace()));
        }
        if (project.timeout() != null) {
            try {
                project.timeoutSeconds();
            } catch (IllegalArgumentException e) {
                errors.add(label + ": " + e.getMessage());
            }
        }
        for (String parameter : project.parameters().keySet()) {
            Names.problem(parameter).ifPresent(p -> errors.add(label + ", parameter: " + p));
        }
        errors.addAll(SecretParameterRules.check(label, project.parameters()));
        Set<String> declared = new HashSet<>();
        Set<String> listed = new HashSet<>();
        boolean allKnown = true;
        for (int i = 0; i < project.pipelines().size(); i++) {
            String name = project.pipelines().get(i);
            Optional<String> problem = Names.problem(name);
            if (problem.isPresent()) {
                errors.add(label + ", pipeline " + (i + 1) + ": " + problem.get());
                allKnown = false;
                continue;
            }
            if (!listed.add(name)) {
                // each pipeline is one span of the build graph; a second copy would collide with the first
                errors.add(label + ": pipeline " + Names.quote(name) + " is listed more than once");
                allKnown = false;
                continue;
            }
            Optional<PipelineSpec> pipeline = known.apply(name);
            if (pipeline.isEmpty()) {
                errors.add(label + ": pipeline " + Names.quote(name) + " is neither in the file nor stored");
                allKnown = false;
            } else {
                declared.addAll(pipeline.get().parameters());
            }
        }
        if (allKnown) {
            List<PipelineSpec> specs = project.pipelines().stream().map(n -> known.apply(n).orElseThrow()).toList();
            PipelineOrder.check(specs).forEach(e -> errors.add(label + ": " + e));
            Set<String> undeclared = new TreeSet<>(project.parameters().keySet());
            undeclared.removeAll(declared);
            for (String parameter : undeclared) {
                if (Names.isValid(parameter)) {
                    errors.add(label + ": parameter " + Names.quote(parameter)
                            + " is not declared by any of its pipelines");
                }
            }
        }
        return errors;
    }

    /** {@code project "hello"}, or {@code project 3} when the name is unusable. */
    public static String label(String kind, String name, int index) {
        return Names.isValid(name) ? kind + " " + Names.quote(name) : kind + " " + (index + 1);
    }

    private static List<String> duplicates(String kind, List<String> names) {
        Map<String, Integer> counts = new HashMap<>();
        for (String name : names) {
            if (Names.isValid(name)) {
                counts.merge(name, 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> kind + " " + Names.quote(e.getKey()) + ": defined " + e.getValue() + " times in the file")
                .sorted().toList();
    }
}
