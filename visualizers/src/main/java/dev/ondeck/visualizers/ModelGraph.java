package dev.ondeck.visualizers;

import java.util.List;

/**
 * A model's dataflow graph as plain data: nodes in topological order and edges between them.
 *
 * @param nodes nodes in topological order (graph inputs and outputs included as nodes of kind INPUT/OUTPUT)
 * @param edges producer to consumer, labelled with the tensor's name
 */
public record ModelGraph(String name, List<Node> nodes, List<Edge> edges) {
    public ModelGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** What a node stands for. */
    public enum Kind { OP, INPUT, OUTPUT }

    /**
     * One node.
     *
     * @param group     the subgraph (name scope) it belongs to, "" for none; groups collapse as one box
     * @param nanos     measured time, 0 when not profiled
     * @param timeShare fraction (0..1) of the profiled total
     * @param backend   backend that ran it, "" when unknown
     * @param fallback  ran on a fallback backend
     */
    public record Node(String id, String opType, Kind kind, String group, long nanos, double timeShare,
                       String backend, boolean fallback) {
        /** An op node with no profile. */
        public static Node op(String id, String opType, String group) {
            return new Node(id, opType, Kind.OP, group, 0, 0, "", false);
        }
    }

    public record Edge(String from, String to, String tensor) {
    }
}
