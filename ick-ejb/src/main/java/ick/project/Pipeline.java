package ick.project;

import ick.db.JsonText;
import ick.protocol.PipelineSpec;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

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
        if (newParameters.equals(parameters) && newActions.equals(actions)) {
            return false;
        }
        parameters = newParameters;
        actions = newActions;
        return true;
    }

    public PipelineSpec toSpec() {
        return new PipelineSpec(name, JsonText.strings(parameters), JsonText.maps(actions));
    }

    public String name() {
        return name;
    }
}
