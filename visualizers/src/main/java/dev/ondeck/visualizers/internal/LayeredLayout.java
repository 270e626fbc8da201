package dev.ondeck.visualizers.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A layered (Sugiyama-style) layout of a DAG, top to bottom: longest-path layers, dummy nodes on edges
 * that span several layers, barycenter ordering sweeps to reduce crossings, then x positions pulled
 * towards neighbours and pushed apart to keep a minimum gap.
 */
public final class LayeredLayout {
    private static final double DUMMY_WIDTH = 12;

    /** Node i's centre; nodes past {@code realCount} are dummies (edge bends). */
    public final double[] x;
    public final double[] y;
    public final int[] layer;
    public final int realCount;
    /** For each input edge, the node indices it passes through (source, dummies..., target). */
    public final List<int[]> routes;
    public final double width;
    public final double height;

    private LayeredLayout(double[] x, double[] y, int[] layer, int realCount, List<int[]> routes, double width,
                          double height) {
        this.x = x;
        this.y = y;
        this.layer = layer;
        this.realCount = realCount;
        this.routes = routes;
        this.width = width;
        this.height = height;
    }

    /**
     * Lays out {@code n} nodes given in topological order with edges {@code from[i] -> to[i]}.
     *
     * @param nodeWidth  width of a real node; dummies are narrow
     * @param layerGap   distance between layer centres
     */
    public static LayeredLayout of(int n, int[] from, int[] to, double nodeWidth, double layerGap) {
        int[] layer = layers(n, from, to);
        List<Integer> layers = new ArrayList<>();
        for (int l : layer) {
            layers.add(l);
        }
        List<int[]> routes = new ArrayList<>();
        List<int[]> segs = new ArrayList<>();
        for (int e = 0; e < from.length; e++) {
            int[] route = new int[Math.max(2, layer[to[e]] - layer[from[e]] + 1)];
            route[0] = from[e];
            for (int k = 1; k < route.length - 1; k++) {
                route[k] = layers.size();
                layers.add(layer[from[e]] + k);
            }
            route[route.length - 1] = to[e];
            routes.add(route);
            for (int k = 0; k + 1 < route.length && from[e] < to[e]; k++) {
                segs.add(new int[] {route[k], route[k + 1]});
            }
        }
        int[] lay = layers.stream().mapToInt(Integer::intValue).toArray();
        List<List<Integer>> up = adjacency(lay.length, segs, true);
        List<List<Integer>> down = adjacency(lay.length, segs, false);
        List<List<Integer>> rows = order(lay, up, down);
        double[] width = new double[lay.length];
        double[] y = new double[lay.length];
        double maxX = 0;
        for (int v = 0; v < lay.length; v++) {
            width[v] = v < n ? nodeWidth : DUMMY_WIDTH;
            y[v] = layerGap / 2 + lay[v] * layerGap;
        }
        double[] x = place(rows, up, down, width, nodeWidth * 0.18);
        for (int v = 0; v < lay.length; v++) {
            maxX = Math.max(maxX, x[v] + width[v] / 2);
        }
        return new LayeredLayout(x, y, lay, n, routes, maxX, rows.size() * layerGap);
    }

    /**
     * Longest-path layers, nodes in topological order: a node sits one below its lowest producer. Edges
     * that do not go forward in that order (cycles) are left out of the layering and drawn as they fall.
     */
    static int[] layers(int n, int[] from, int[] to) {
        List<List<Integer>> incoming = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            incoming.add(new ArrayList<>());
        }
        for (int e = 0; e < from.length; e++) {
            if (from[e] < to[e]) {
                incoming.get(to[e]).add(from[e]);
            }
        }
        int[] layer = new int[n];
        for (int v = 0; v < n; v++) {
            for (int u : incoming.get(v)) {
                layer[v] = Math.max(layer[v], layer[u] + 1);
            }
        }
        return layer;
    }

    /** Rows by layer, ordered by barycenter sweeps down and up to reduce crossings. */
    private static List<List<Integer>> order(int[] lay, List<List<Integer>> up, List<List<Integer>> down) {
        int depth = Arrays.stream(lay).max().orElse(0) + 1;
        List<List<Integer>> rows = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            rows.add(new ArrayList<>());
        }
        for (int v = 0; v < lay.length; v++) {
            rows.get(lay[v]).add(v);
        }
        double[] pos = new double[lay.length];
        renumber(rows, pos);
        for (int sweep = 0; sweep < 6; sweep++) {
            boolean downward = sweep % 2 == 0;
            for (int i = 0; i < depth; i++) {
                List<List<Integer>> adj = downward ? up : down;
                rows.get(downward ? i : depth - 1 - i).sort(Comparator.comparingDouble(v -> barycenter(adj.get(v), pos, pos[v])));
                renumber(rows, pos);
            }
        }
        return rows;
    }

    private static List<List<Integer>> adjacency(int total, List<int[]> segs, boolean upward) {
        List<List<Integer>> adj = new ArrayList<>();
        for (int v = 0; v < total; v++) {
            adj.add(new ArrayList<>());
        }
        for (int[] s : segs) {
            if (upward) {
                adj.get(s[1]).add(s[0]);
            } else {
                adj.get(s[0]).add(s[1]);
            }
        }
        return adj;
    }

    private static void renumber(List<List<Integer>> rows, double[] pos) {
        for (List<Integer> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                pos[row.get(i)] = i;
            }
        }
    }

    private static double barycenter(List<Integer> neighbours, double[] pos, double fallback) {
        if (neighbours.isEmpty()) {
            return fallback;
        }
        double s = 0;
        for (int u : neighbours) {
            s += pos[u];
        }
        return s / neighbours.size();
    }

    /** x by rows: start packed, then alternately pull each node to its neighbours' mean and re-pack. */
    private static double[] place(List<List<Integer>> rows, List<List<Integer>> up, List<List<Integer>> down,
                                  double[] width, double gap) {
        double[] x = new double[width.length];
        for (List<Integer> row : rows) {
            double cursor = 0;
            for (int v : row) {
                x[v] = cursor + width[v] / 2;
                cursor += width[v] + gap;
            }
        }
        for (int iter = 0; iter < 10; iter++) {
            boolean downward = iter % 2 == 0;
            boolean both = iter >= 8;
            for (int i = 0; i < rows.size(); i++) {
                List<Integer> row = rows.get(downward ? i : rows.size() - 1 - i);
                for (int v : row) {
                    List<Integer> nb = new ArrayList<>(downward || both ? up.get(v) : down.get(v));
                    if (both) {
                        nb.addAll(down.get(v));
                    }
                    if (!nb.isEmpty()) {
                        x[v] = pull(nb, x, width);
                    }
                }
                pack(row, x, width, gap);
            }
        }
        double min = Double.POSITIVE_INFINITY;
        for (int v = 0; v < x.length; v++) {
            min = Math.min(min, x[v] - width[v] / 2);
        }
        for (int v = 0; v < x.length; v++) {
            x[v] -= min;
        }
        return x;
    }

    /** Weighted mean of the neighbours' x: edge bends weigh little, so chains stay straight and skips bow out. */
    private static double pull(List<Integer> neighbours, double[] x, double[] width) {
        double s = 0;
        double w = 0;
        for (int u : neighbours) {
            double wu = width[u] < DUMMY_WIDTH + 1 ? 0.05 : 1;
            s += wu * x[u];
            w += wu;
        }
        return s / w;
    }

    /**
     * Moves the row's boxes as little as possible (weighted least squares, edge bends weighing little) from where they are to keep their order
     * with at least {@code gap} between them: with z = x - offset the constraint is z non-decreasing, solved
     * by pooling adjacent violators.
     */
    static void pack(List<Integer> row, double[] x, double[] width, double gap) {
        int k = row.size();
        double[] offset = new double[k];
        for (int i = 1; i < k; i++) {
            offset[i] = offset[i - 1] + (width[row.get(i - 1)] + width[row.get(i)]) / 2 + gap;
        }
        double[] mean = new double[k];
        double[] weight = new double[k];
        int[] size = new int[k];
        int blocks = 0;
        for (int i = 0; i < k; i++) {
            mean[blocks] = x[row.get(i)] - offset[i];
            weight[blocks] = width[row.get(i)] < DUMMY_WIDTH + 1 ? 0.05 : 1;
            size[blocks] = 1;
            blocks++;
            while (blocks > 1 && mean[blocks - 2] > mean[blocks - 1]) {
                int a = blocks - 2;
                double w = weight[a] + weight[a + 1];
                mean[a] = (mean[a] * weight[a] + mean[a + 1] * weight[a + 1]) / w;
                weight[a] = w;
                size[a] += size[a + 1];
                blocks--;
            }
        }
        int i = 0;
        for (int b = 0; b < blocks; b++) {
            for (int j = 0; j < size[b]; j++, i++) {
                x[row.get(i)] = mean[b] + offset[i];
            }
        }
    }
}
