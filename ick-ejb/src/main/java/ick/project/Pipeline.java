package ick.project;

import ick.db.JsonText;
import ick.protocol.PipelineSpec;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import java.util.Objects;

/**
 * A pipeline: the parameters it accepts and its actions, kept as written (canonical JSON). Built only from a
 * spec that passed {@link ProjectFileRules}.
 */
@Entity
@Table(name = "pipeline")
public class Pipeline {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = Names.MAX_LENGTH)
    private String name;

    /** A JSON list of names. */
    @Column(nullable = false)
    private String parameters;

    /** A JSON list of steps. */
    @Column(nullable = false)
    private String actions;

    /** A JSON list of pipeline names; null: the pipeline listed before it in the project. */
    private String needs;

    /** A JSON list of the labels a worker must have. */
    @Column(nullable = false)
    private String labels = "[]";

    /** {@code shared} (null) or {@code own}. */
    @Column(length = 20)
    private String workspace;

    /** Runs only on trusted workers, with trusted built-ins only ({@link TrustedStepRules}). */
    @Column(nullable = false)
    private boolean trusted;

    protected Pipeline() {
    }

    public Pipeline(PipelineSpec spec) {
        this.name = spec.pipeline();
        apply(spec);
    }

    /** Takes {@code spec}'s content; says whether anything changed. */
    public boolean apply(PipelineSpec spec) {
        if (!spec.pipeline().equals(name)) {
            throw new IllegalArgumentException("spec of " + spec.pipeline() + " applied to pipeline " + name);
        }
        String newParameters = JsonText.write(spec.parameters());
        String newActions = JsonText.write(spec.actions());
        String newNeeds = spec.needs() == null ? null : JsonText.write(spec.needs());
        String newLabels = JsonText.write(spec.requiredLabels());
        String newWorkspace = PipelineSpec.SHARED.equals(spec.workspace()) ? null : spec.workspace();
        if (newParameters.equals(parameters) && newActions.equals(actions) && Objects.equals(newNeeds, needs)
                && newLabels.equals(labels) && Objects.equals(newWorkspace, workspace)
                && spec.trustedOnly() == trusted) {
            return false;
        }
        trusted = spec.trustedOnly();
        parameters = newParameters;
        actions = newActions;
        needs = newNeeds;
        labels = newLabels;
        workspace = newWorkspace;
        return true;
    }

    public PipelineSpec toSpec() {
        List<String> labelList = JsonText.strings(labels);
        return new PipelineSpec(name, JsonText.strings(parameters), JsonText.maps(actions),
                needs == null ? null : JsonText.strings(needs), labelList.isEmpty() ? null : labelList, workspace,
                trusted ? Boolean.TRUE : null);
    }

    public String name() {
        return name;
    }
}
