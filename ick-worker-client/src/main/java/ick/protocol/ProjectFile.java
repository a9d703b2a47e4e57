package ick.protocol;

import java.util.List;

/** The contents of a {@code .ick} file: the input of make-it-so. Either list may be absent. */
public record ProjectFile(List<ProjectSpec> projects, List<PipelineSpec> pipelines) {
    public List<ProjectSpec> projects() {
        return projects == null ? List.of() : projects;
    }

    public List<PipelineSpec> pipelines() {
        return pipelines == null ? List.of() : pipelines;
    }
}
