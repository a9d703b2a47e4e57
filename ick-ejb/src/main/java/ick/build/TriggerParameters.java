package ick.build;

import ick.project.BuiltinActions;
import ick.project.Names;
import ick.protocol.ProjectSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The rule for values given when a build is triggered: only for parameters the project declares (gives a value
 * for in its {@code parameters:}), so that a trigger changes what the project already passes to its pipelines
 * (a release build's {@code git_ref}) but cannot pass anything new; nor may it choose which of the trusted
 * worker's secrets a build uses ({@link BuiltinActions#SECRET_PARAMETERS}): whoever may trigger builds is not
 * thereby allowed to sign with another key. Pure.
 */
final class TriggerParameters {
    private TriggerParameters() {
    }

    /** One line per name in {@code given} that {@code project} does not declare; empty if all are declared. */
    static List<String> faults(ProjectSpec project, Map<String, Object> given) {
        List<String> faults = new ArrayList<>();
        for (String name : new TreeSet<>(given.keySet())) {
            if (!project.parameters().containsKey(name)) {
                faults.add("parameter " + Names.quote(String.valueOf(name)) + " is not one of the project's"
                        + " parameters (" + (project.parameters().isEmpty() ? "it has none"
                        : String.join(", ", new TreeSet<>(project.parameters().keySet()))) + ")");
            } else if (BuiltinActions.SECRET_PARAMETERS.contains(name)) {
                faults.add("parameter " + Names.quote(name) + " names a secret of the trusted worker; only the project"
                        + " file sets it");
            } else if (given.get(name) == null) {
                faults.add("parameter " + Names.quote(name) + " needs a value, not null");
            }
        }
        return faults;
    }
}
