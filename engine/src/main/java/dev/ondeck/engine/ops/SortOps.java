package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;

/** Sorting: Unique, TopK. */
public final class SortOps {
    private SortOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("TopK", 1, n -> new TopK(n.requireInt("k"), n.getInt("axis", -1), true));
        r.register("TopK", 10, n -> new TopK(-1, n.getInt("axis", -1), true));
        r.register("TopK", 11, n -> new TopK(-1, n.getInt("axis", -1), n.getInt("largest", 1) != 0));
        r.register("Unique", 11, n -> new Unique(n.has("axis") ? n.getInt("axis", 0) : null, n.getInt("sorted", 1) != 0));
    }

    /** An order on int positions. */
    interface IndexOrder {
        int compare(int a, int b);
    }

    /** Stable bottom-up merge sort of {@code a[0..n)} by {@code order}; {@code tmp} has at least n entries. */
    static void sort(int[] a, int[] tmp, int n, IndexOrder order) {
        for (int w = 1; w < n; w *= 2) {
            for (int lo = 0; lo < n - w; lo += 2 * w) {
                int mid = lo + w;
                int hi = Math.min(lo + 2 * w, n);
                int i = lo;
                int j = mid;
                for (int k = lo; k < hi; k++) {
                    tmp[k] = j >= hi || (i < mid && order.compare(a[i], a[j]) <= 0) ? a[i++] : a[j++];
                }
                System.arraycopy(tmp, lo, a, lo, hi - lo);
            }
        }
    }

    /** Compares elements i and j of a tensor numerically (NaN largest, unsigned types unsigned). */
    static int compare(Tensor t, int i, int j) {
        if (t.dtype().isFloating()) {
            double a = t.getDouble(i);
            double b = t.getDouble(j);
            if (a < b) {
                return -1;
            }
            return a > b ? 1 : Boolean.compare(Double.isNaN(a), Double.isNaN(b));
        }
        long a = t.getLong(i);
        long b = t.getLong(j);
        return t.dtype().isUnsigned() ? Long.compareUnsigned(a, b) : Long.compare(a, b);
    }

    /** Orders positions along one line of a tensor (base + position * stride), ascending or descending. */
    static final class LineOrder implements IndexOrder {
        final Tensor t;
        final boolean descending;
        int base;
        int stride;

        LineOrder(Tensor t, boolean descending) {
            this.t = t;
            this.descending = descending;
        }

        @Override
        public int compare(int a, int b) {
            int c = SortOps.compare(t, base + a * stride, base + b * stride);
            return descending ? -c : c;
        }
    }

    /** TopK: the k largest (or smallest, attribute largest=0) entries along axis and their int64 indices, ties by lower index; k attribute before opset 10, then input. */
    static final class TopK implements ShapeOps.Movement {
        final long kAttr;
        final long axisAttr;
        final boolean largest;

        TopK(long kAttr, long axisAttr, boolean largest) {
            this.kAttr = kAttr;
            this.axisAttr = axisAttr;
            this.largest = largest;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] s = in[0].shape();
            int a = ShapeOps.axis(axisAttr, s.length);
            TensorType[] out = new TensorType[outputCount];
            if (kAttr < 0 && values[1] == null) {
                return out;
            }
            long k = kAttr >= 0 ? kAttr : values[1].getLong(0);
            if (k < 0 || k > s[a]) {
                throw new ShapeException("k = " + k + " must be within 0.." + s[a] + " (axis " + a + ")");
            }
            s[a] = (int) k;
            out[0] = TensorType.of(in[0].dtype(), s);
            if (outputCount > 1) {
                out[1] = TensorType.of(DType.INT64, s);
            }
            return out;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int a = ShapeOps.axis(axisAttr, x.rank());
            int d = x.dim(a);
            int k = out[0].dim(a);
            int inner = ShapeOps.prod(x.shapeView(), a + 1, x.rank());
            int outer = ShapeOps.prod(x.shapeView(), 0, a);
            int[] idx = new int[d];
            int[] tmp = new int[d];
            LineOrder order = new LineOrder(x, largest);
            order.stride = inner;
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < inner; j++) {
                    order.base = o * d * inner + j;
                    for (int i = 0; i < d; i++) {
                        idx[i] = i;
                    }
                    sort(idx, tmp, d, order);
                    for (int i = 0; i < k; i++) {
                        int dst = (o * k + i) * inner + j;
                        out[0].copyFrom(x, order.base + idx[i] * inner, dst, 1);
                        if (out.length > 1 && out[1] != null) {
                            out[1].setLong(dst, idx[i]);
                        }
                    }
                }
            }
        }
    }

    /**
     * Unique: distinct elements (or slices along attribute axis), sorted ascending (attribute sorted=1) or
     * in order of first occurrence, with int64 first indices, inverse indices and counts.
     */
    static final class Unique implements ShapeOps.Movement {
        final Long axisAttr;
        final boolean sorted;

        Unique(Long axisAttr, boolean sorted) {
            this.axisAttr = axisAttr;
            this.sorted = sorted;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (axisAttr != null) {
                ShapeOps.axis(axisAttr, in[0].rank());
            }
            return new TensorType[outputCount];
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int[] shape = axisAttr == null ? new int[] {x.size()} : x.shape();
            int a = axisAttr == null ? 0 : ShapeOps.axis(axisAttr, shape.length);
            int d = shape[a];
            int outer = ShapeOps.prod(shape, 0, a);
            int inner = ShapeOps.prod(shape, a + 1, shape.length);
            IndexOrder bySlice = (s1, s2) -> {
                for (int o = 0; o < outer; o++) {
                    for (int k = 0; k < inner; k++) {
                        int c = compare(x, (o * d + s1) * inner + k, (o * d + s2) * inner + k);
                        if (c != 0) {
                            return c;
                        }
                    }
                }
                return 0;
            };
            int[] order = new int[d];
            for (int i = 0; i < d; i++) {
                order[i] = i;
            }
            sort(order, new int[d], d, bySlice);
            int[] group = new int[d];
            int[] first = new int[d];
            int groups = 0;
            for (int i = 0; i < d; i++) {
                if (i == 0 || bySlice.compare(order[i - 1], order[i]) != 0) {
                    first[groups++] = order[i];
                }
                group[order[i]] = groups - 1;
            }
            shape[a] = groups;
            write(x, shape, a, first, group, groups, out);
        }

        /** Stores Y (the groups' first slices), first indices, inverse indices and counts. */
        private void write(Tensor x, int[] outShape, int a, int[] first, int[] group, int groups, Tensor[] out) {
            int d = group.length;
            int outer = ShapeOps.prod(outShape, 0, a);
            int inner = ShapeOps.prod(outShape, a + 1, outShape.length);
            int[] rank = groupRanks(first, groups);
            Tensor y = Tensor.allocate(x.dtype(), outShape);
            Tensor[] extra = {Tensor.allocate(DType.INT64, groups), Tensor.allocate(DType.INT64, d), Tensor.allocate(DType.INT64, groups)};
            for (int g = 0; g < groups; g++) {
                for (int o = 0; o < outer; o++) {
                    y.copyFrom(x, (o * d + first[g]) * inner, (o * groups + rank[g]) * inner, inner);
                }
                extra[0].setLong(rank[g], first[g]);
            }
            for (int i = 0; i < d; i++) {
                extra[1].setLong(i, rank[group[i]]);
                extra[2].setLong(rank[group[i]], extra[2].getLong(rank[group[i]]) + 1);
            }
            out[0] = y;
            for (int o = 1; o < out.length; o++) {
                out[o] = extra[o - 1];
            }
        }

        /** Output position of each group: its sorted position, or its first-occurrence order when unsorted. */
        private int[] groupRanks(int[] first, int groups) {
            int[] rank = new int[groups];
            int[] byFirst = new int[groups];
            for (int g = 0; g < groups; g++) {
                byFirst[g] = g;
            }
            if (!sorted) {
                sort(byFirst, new int[groups], groups, (g1, g2) -> Integer.compare(first[g1], first[g2]));
            }
            for (int p = 0; p < groups; p++) {
                rank[byFirst[p]] = p;
            }
            return rank;
        }
    }
}
