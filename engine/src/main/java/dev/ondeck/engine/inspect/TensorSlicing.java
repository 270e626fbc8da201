package dev.ondeck.engine.inspect;

import dev.ondeck.engine.OndeckException;
import dev.ondeck.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Looking into a tensor: fixing leading indices (a slice) and the k largest elements with their indices. */
public final class TensorSlicing {
    private TensorSlicing() {
    }

    /**
     * The sub-tensor with the leading dims fixed, e.g. {@code slice(t, 0, 5)} of an NCHW tensor is channel
     * 5 of image 0, shape (H, W). Returns a copy.
     */
    public static Tensor slice(Tensor t, int... leading) {
        int[] shape = t.shapeView();
        if (leading.length > shape.length) {
            throw new OndeckException("slice with " + leading.length + " indices on a rank-" + shape.length + " tensor");
        }
        int offset = 0;
        int[] strides = t.strides();
        for (int i = 0; i < leading.length; i++) {
            if (leading[i] < 0 || leading[i] >= shape[i]) {
                throw new OndeckException("index " + leading[i] + " out of range for dim " + i + " of size " + shape[i]
                        + " (shape " + Arrays.toString(shape) + ")");
            }
            offset += leading[i] * strides[i];
        }
        int[] rest = Arrays.copyOfRange(shape, leading.length, shape.length);
        Tensor out = Tensor.allocate(t.dtype(), rest);
        out.copyFrom(t, offset, 0, out.size());
        return out;
    }

    /** One element of a top-k listing: flat index, multi-dimensional index and value. */
    public static final class Entry {
        public final int flatIndex;
        public final int[] index;
        public final double value;

        Entry(int flatIndex, int[] index, double value) {
            this.flatIndex = flatIndex;
            this.index = index;
            this.value = value;
        }

        @Override
        public String toString() {
            return Arrays.toString(index) + "=" + value;
        }
    }

    /** The {@code k} largest elements (NaN excluded), largest first; ties by lower index. */
    public static List<Entry> topK(Tensor t, int k) {
        int n = t.size();
        Integer[] order = new Integer[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(t.getDouble(i))) {
                order[m++] = i;
            }
        }
        Integer[] valid = Arrays.copyOf(order, m);
        Arrays.sort(valid, (a, b) -> {
            int c = Double.compare(t.getDouble(b), t.getDouble(a));
            return c != 0 ? c : Integer.compare(a, b);
        });
        List<Entry> out = new ArrayList<>();
        int[] strides = t.strides();
        for (int j = 0; j < Math.min(k, m); j++) {
            int flat = valid[j];
            int[] idx = new int[strides.length];
            int r = flat;
            for (int d = 0; d < strides.length; d++) {
                idx[d] = strides[d] == 0 ? 0 : r / strides[d];
                r -= idx[d] * strides[d];
            }
            out.add(new Entry(flat, idx, t.getDouble(flat)));
        }
        return out;
    }
}
