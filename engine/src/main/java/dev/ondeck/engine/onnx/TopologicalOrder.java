package dev.ondeck.engine.onnx;

import dev.ondeck.engine.ModelFormatException;
import dev.ondeck.engine.graph.Node;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Orders nodes so every value is produced before it is read (file order kept where free); finds cycles. */
final class TopologicalOrder {
    private TopologicalOrder() {
    }

    static List<Node> sort(List<Node> nodes, String path) {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String o : nodes.get(i).outputs()) {
                if (!o.isEmpty()) {
                    producer.put(o, i);
                }
            }
        }
        int n = nodes.size();
        int[] pending = new int[n];
        List<List<Integer>> consumers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            consumers.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            Node node = nodes.get(i);
            for (String in : dependencies(node)) {
                Integer p = producer.get(in);
                if (p != null) {
                    pending[i]++;
                    consumers.get(p).add(i);
                }
            }
        }
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<Node> out = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int i = ready.poll();
            out.add(nodes.get(i));
            for (int c : consumers.get(i)) {
                if (--pending[c] == 0) {
                    ready.add(c);
                }
            }
        }
        if (out.size() != n) {
            List<String> stuck = new ArrayList<>();
            for (int i = 0; i < n && stuck.size() < 10; i++) {
                if (pending[i] > 0) {
                    stuck.add(nodes.get(i).name() + " (" + nodes.get(i).opType() + ")");
                }
            }
            throw new ModelFormatException(path, "the graph has a cycle through nodes " + stuck);
        }
        return out;
    }

    private static List<String> dependencies(Node node) {
        List<String> deps = new ArrayList<>();
        ArrayDeque<String> all = new ArrayDeque<>();
        for (String s : node.inputs()) {
            all.add(s);
        }
        for (String s : node.implicitInputs()) {
            all.add(s);
        }
        for (String s : all) {
            if (!s.isEmpty()) {
                deps.add(s);
            }
        }
        return deps;
    }
}
