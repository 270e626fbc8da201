package dev.ondeck.engine.ops;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Contractions and determinants: Einsum, Det. */
public final class EinsumOps {
    private EinsumOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Einsum", 12, n -> new Einsum(n.getString("equation", "")));
        r.register("Det", 11, n -> new Det());
    }

    /** Label ids: letters a-z A-Z are 0..51, ellipsis dims (right-aligned across inputs) 52 and up. */
    private static final int ELLIPSIS = 52;

    /**
     * Einsum over any number of inputs (attribute equation): explicit or implicit output, ellipsis with
     * broadcasting, repeated labels in one operand (diagonals), sums over labels absent from the output.
     */
    static final class Einsum implements Op {
        final String[] terms;
        final String output;

        Einsum(String equation) {
            String eq = equation.replace(" ", "");
            int arrow = eq.indexOf("->");
            terms = (arrow < 0 ? eq : eq.substring(0, arrow)).split(",", -1);
            output = arrow < 0 ? null : eq.substring(arrow + 2);
        }

        /** The plan for concrete input shapes: label sizes, output labels, per-input strides per label. */
        private final class Plan {
            final int[] labels;
            final int[] sizes;
            final int outCount;
            final int[][] strides;

            Plan(int[][] shapes) {
                if (shapes.length != terms.length) {
                    throw new ShapeException("Einsum equation has " + terms.length + " operands, found " + shapes.length + " inputs");
                }
                int[][] lab = new int[shapes.length][];
                int ell = 0;
                for (int i = 0; i < shapes.length; i++) {
                    int letters = terms[i].replace("...", "").length();
                    ell = Math.max(ell, shapes[i].length - letters);
                }
                int[] size = new int[ELLIPSIS + ell];
                int[] count = new int[ELLIPSIS + ell];
                Arrays.fill(size, -1);
                for (int i = 0; i < shapes.length; i++) {
                    lab[i] = parse(terms[i], shapes[i].length, ell);
                    for (int d = 0; d < lab[i].length; d++) {
                        int l = lab[i][d];
                        count[l]++;
                        int s = shapes[i][d];
                        if (size[l] == -1 || size[l] == 1) {
                            size[l] = s;
                        } else if (s != size[l] && s != 1) {
                            throw new ShapeException("Einsum label dims differ: " + size[l] + " vs " + s);
                        }
                    }
                }
                int[] out = output != null ? parse(output, -1, ell) : implicitOutput(count, ell);
                List<Integer> order = new ArrayList<>();
                for (int l : out) {
                    if (size[l] < 0) {
                        throw new ShapeException("Einsum output label not in any input: " + output);
                    }
                    order.add(l);
                }
                for (int l = 0; l < size.length; l++) {
                    if (size[l] >= 0 && !order.contains(l)) {
                        order.add(l);
                    }
                }
                labels = new int[order.size()];
                sizes = new int[order.size()];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = order.get(i);
                    sizes[i] = size[labels[i]];
                }
                outCount = out.length;
                strides = new int[shapes.length][labels.length];
                for (int i = 0; i < shapes.length; i++) {
                    int[] st = Tensor.stridesOf(shapes[i]);
                    for (int d = 0; d < lab[i].length; d++) {
                        if (shapes[i][d] != 1) {
                            strides[i][order.indexOf(lab[i][d])] += st[d];
                        }
                    }
                }
            }

            int[] outShape() {
                return Arrays.copyOf(sizes, outCount);
            }
        }

        private static int[] implicitOutput(int[] count, int ell) {
            int[] out = new int[ELLIPSIS + ell];
            int n = 0;
            for (int e = 0; e < ell; e++) {
                out[n++] = ELLIPSIS + e;
            }
            for (int c = 'A'; c <= 'Z'; c++) {
                n = count[label((char) c)] == 1 ? add(out, n, label((char) c)) : n;
            }
            for (int c = 'a'; c <= 'z'; c++) {
                n = count[label((char) c)] == 1 ? add(out, n, label((char) c)) : n;
            }
            return Arrays.copyOf(out, n);
        }

        private static int add(int[] a, int n, int v) {
            a[n] = v;
            return n + 1;
        }

        private static int label(char c) {
            if (c >= 'a' && c <= 'z') {
                return c - 'a';
            }
            if (c >= 'A' && c <= 'Z') {
                return 26 + c - 'A';
            }
            throw new ShapeException("Einsum label must be a letter, found '" + c + "'");
        }

        /** Labels of one term's dims; rank -1 for the output term (its ellipsis takes all {@code ell} dims). */
        private static int[] parse(String term, int rank, int ell) {
            int dots = term.indexOf("...");
            String letters = term.replace("...", "");
            int e = dots < 0 ? 0 : (rank < 0 ? ell : rank - letters.length());
            if (rank >= 0 && (dots < 0 ? letters.length() != rank : e < 0)) {
                throw new ShapeException("Einsum term '" + term + "' does not match an input of rank " + rank);
            }
            int[] l = new int[letters.length() + e];
            int pos = 0;
            for (int i = 0; i < term.length(); i++) {
                if (i == dots) {
                    for (int j = 0; j < e; j++) {
                        l[pos++] = ELLIPSIS + ell - e + j;
                    }
                    i += 2;
                } else {
                    l[pos++] = label(term.charAt(i));
                }
            }
            return l;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[][] shapes = new int[in.length][];
            for (int i = 0; i < in.length; i++) {
                if (in[i].dtype() != in[0].dtype()) {
                    throw new ShapeException("Einsum needs inputs of one type, found " + in[0].dtype() + " and " + in[i].dtype());
                }
                shapes[i] = in[i].shape();
            }
            return new TensorType[] {TensorType.of(in[0].dtype(), new Plan(shapes).outShape())};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int[][] shapes = new int[in.length][];
            for (int i = 0; i < in.length; i++) {
                shapes[i] = in[i].shapeView();
            }
            Plan p = new Plan(shapes);
            int reduced = 1;
            for (int i = p.outCount; i < p.sizes.length; i++) {
                reduced *= p.sizes[i];
            }
            int[] idx = new int[p.sizes.length];
            int[] off = new int[in.length];
            boolean fp = out[0].dtype().isFloating();
            for (int o = 0; o < out[0].size(); o++) {
                double sum = 0;
                long lsum = 0;
                for (int r = 0; r < reduced; r++) {
                    double prod = 1;
                    long lprod = 1;
                    for (int i = 0; i < in.length; i++) {
                        if (fp) {
                            prod *= in[i].getDouble(off[i]);
                        } else {
                            lprod *= in[i].getLong(off[i]);
                        }
                    }
                    sum += prod;
                    lsum += lprod;
                    step(idx, off, p);
                }
                if (fp) {
                    out[0].setDouble(o, sum);
                } else {
                    out[0].setLong(o, lsum);
                }
            }
        }

        private static void step(int[] idx, int[] off, Plan p) {
            for (int d = idx.length - 1; d >= 0; d--) {
                idx[d]++;
                for (int i = 0; i < off.length; i++) {
                    off[i] += p.strides[i][d];
                }
                if (idx[d] < p.sizes[d]) {
                    return;
                }
                for (int i = 0; i < off.length; i++) {
                    off[i] -= p.strides[i][d] * idx[d];
                }
                idx[d] = 0;
            }
        }
    }

    /** Determinant of each trailing [M, M] matrix, by LU decomposition with partial pivoting in double. */
    static final class Det implements Op {
        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] s = in[0].shape();
            if (s.length < 2 || s[s.length - 1] != s[s.length - 2] || !in[0].dtype().isFloating()) {
                throw new ShapeException("Det needs a float tensor [..., M, M], found " + in[0].dtype() + Arrays.toString(s));
            }
            return new TensorType[] {TensorType.of(in[0].dtype(), Arrays.copyOf(s, s.length - 2))};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int m = in[0].dim(-1);
            double[] a = new double[m * m];
            for (int b = 0; b < out[0].size(); b++) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = in[0].getDouble(b * m * m + i);
                }
                out[0].setDouble(b, det(a, m));
            }
        }

        private static double det(double[] a, int m) {
            double d = 1;
            for (int col = 0; col < m; col++) {
                int piv = col;
                for (int r = col + 1; r < m; r++) {
                    if (Math.abs(a[r * m + col]) > Math.abs(a[piv * m + col])) {
                        piv = r;
                    }
                }
                if (a[piv * m + col] == 0) {
                    return 0;
                }
                if (piv != col) {
                    for (int j = 0; j < m; j++) {
                        double t = a[col * m + j];
                        a[col * m + j] = a[piv * m + j];
                        a[piv * m + j] = t;
                    }
                    d = -d;
                }
                double p = a[col * m + col];
                d *= p;
                for (int r = col + 1; r < m; r++) {
                    double f = a[r * m + col] / p;
                    for (int j = col; j < m; j++) {
                        a[r * m + j] -= f * a[col * m + j];
                    }
                }
            }
            return d;
        }
    }
}
