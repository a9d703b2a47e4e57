package ick.web.ui;

import ick.protocol.ActionInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout of a build graph as an SVG picture: each action a box in the column of its depth (the longest
 * chain of {@code needs} before it), each need an arrow. Actions without {@code needs} information (builds
 * from before the graph had them) form a chain in index order.
 */
public final class GraphPicture {
    static final int BOX_WIDTH = 170;
    static final int BOX_HEIGHT = 44;
    static final int COLUMN = 220;
    static final int ROW = 64;
    static final int MARGIN = 10;

    public record Node(int index, String label, String state, int x, int y) {
        public int textX() {
            return x + 8;
        }

        public int textY() {
            return y + 18;
        }

        public int stateY() {
            return y + 36;
        }
    }

    public record Edge(int x1, int y1, int x2, int y2) {
    }

    private final List<Node> nodes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private int width = MARGIN * 2;
    private int height = MARGIN * 2;

    public GraphPicture(List<ActionInfo> actions) {
        Map<Integer, ActionInfo> byIndex = new HashMap<>();
        actions.forEach(a -> byIndex.put(a.index(), a));
        Map<Integer, Integer> depth = new HashMap<>();
        Map<Integer, Integer> rows = new HashMap<>();
        Map<Integer, Node> placed = new HashMap<>();
        for (ActionInfo action : actions) {
            int column = depth(action, byIndex, depth, 0);
            int row = rows.merge(column, 1, Integer::sum) - 1;
            Node node = new Node(action.index(), label(action), action.state().json(),
                    MARGIN + column * COLUMN, MARGIN + row * ROW);
            nodes.add(node);
            placed.put(action.index(), node);
            width = Math.max(width, node.x() + BOX_WIDTH + MARGIN);
            height = Math.max(height, node.y() + BOX_HEIGHT + MARGIN);
        }
        for (ActionInfo action : actions) {
            for (int need : needs(action)) {
                Node from = placed.get(need);
                Node to = placed.get(action.index());
                if (from != null) {
                    edges.add(new Edge(from.x() + BOX_WIDTH, from.y() + BOX_HEIGHT / 2, to.x() - 4, to.y() + BOX_HEIGHT / 2));
                }
            }
        }
    }

    private static List<Integer> needs(ActionInfo action) {
        if (action.needs() != null) {
            return action.needs();
        }
        return action.index() > 0 ? List.of(action.index() - 1) : List.of();
    }

    private static int depth(ActionInfo action, Map<Integer, ActionInfo> byIndex, Map<Integer, Integer> memo, int guard) {
        Integer known = memo.get(action.index());
        if (known != null) {
            return known;
        }
        int d = 0;
        if (guard < byIndex.size()) {
            for (int need : needs(action)) {
                ActionInfo before = byIndex.get(need);
                if (before != null) {
                    d = Math.max(d, depth(before, byIndex, memo, guard + 1) + 1);
                }
            }
        }
        memo.put(action.index(), d);
        return d;
    }

    static String label(ActionInfo action) {
        Object name = action.step() == null ? null : action.step().get("name");
        String text;
        if (name != null) {
            text = name.toString();
        } else {
            Object kind = action.step() == null ? null : action.step().getOrDefault("action",
                    action.step().containsKey("shell") ? "shell" : action.step().containsKey("python") ? "python" : "action");
            text = action.index() + " " + kind;
        }
        return text.length() > 22 ? text.substring(0, 21) + "…" : text;
    }

    public List<Node> getNodes() {
        return nodes;
    }

    public List<Edge> getEdges() {
        return edges;
    }

    public int getWidth() {
        return width;
    }

    public int getHeight() {
        return height;
    }

    public int getBoxWidth() {
        return BOX_WIDTH;
    }

    public int getBoxHeight() {
        return BOX_HEIGHT;
    }
}
