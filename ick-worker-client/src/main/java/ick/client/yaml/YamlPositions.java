package ick.client.yaml;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.List;
import java.util.Optional;

/**
 * Where keys and values sit in a YAML text, found by walking SnakeYAML's node tree along a Jackson path.
 * Jackson reports a problem at the token it was reading when it noticed, which may be lines after the
 * offending key; a person wants the key.
 */
final class YamlPositions {
    /** A line and column, both from 1. */
    record Position(int line, int column) {
        static Position of(Mark mark) {
            return new Position(mark.getLine() + 1, mark.getColumn() + 1);
        }
    }

    private final Node root;

    private YamlPositions(Node root) {
        this.root = root;
    }

    /** @param text a YAML text; if it cannot be composed, every lookup finds nothing */
    static YamlPositions of(String text) {
        try {
            return new YamlPositions(new Yaml(new LoaderOptions()).compose(new StringReader(text)));
        } catch (RuntimeException e) {
            return new YamlPositions(null);
        }
    }

    /** @param path keys (String) and list indexes (Integer) from the top; its last step is the key or item wanted */
    Optional<Position> key(List<Object> path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        Node parent = walk(path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (parent instanceof MappingNode mapping && last instanceof String name) {
            return mapping.getValue().stream().map(NodeTuple::getKeyNode)
                    .filter(k -> k instanceof ScalarNode s && s.getValue().equals(name))
                    .findFirst().map(k -> Position.of(k.getStartMark()));
        }
        return Optional.ofNullable(walk(path)).map(n -> Position.of(n.getStartMark()));
    }

    /** The value at {@code path}. */
    Optional<Position> value(List<Object> path) {
        return Optional.ofNullable(walk(path)).map(n -> Position.of(n.getStartMark()));
    }

    /** The second occurrence of {@code name} in the mapping at {@code path}. */
    Optional<Position> duplicateKey(List<Object> path, String name) {
        if (walk(path) instanceof MappingNode mapping) {
            return mapping.getValue().stream().map(NodeTuple::getKeyNode)
                    .filter(k -> k instanceof ScalarNode s && s.getValue().equals(name))
                    .skip(1).findFirst().map(k -> Position.of(k.getStartMark()));
        }
        return Optional.empty();
    }

    private Node walk(List<Object> path) {
        Node node = root;
        for (Object step : path) {
            node = child(node, step);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static Node child(Node node, Object step) {
        if (node instanceof MappingNode mapping && step instanceof String name) {
            return mapping.getValue().stream()
                    .filter(t -> t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(name))
                    .map(NodeTuple::getValueNode).findFirst().orElse(null);
        }
        if (node instanceof SequenceNode sequence && step instanceof Integer index
                && index >= 0 && index < sequence.getValue().size()) {
            return sequence.getValue().get(index);
        }
        return null;
    }
}
