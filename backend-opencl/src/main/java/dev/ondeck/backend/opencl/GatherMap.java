package dev.ondeck.backend.opencl;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.Op;
import java.util.Random;

/**
 * The gather map of a data-movement op for given input shapes and parameter values, found by running the
 * op's reference implementation on the host over index tensors: each float input is replaced by int64
 * element numbers (inputs numbered one after the other), then by the same numbers reversed, then shuffled.
 * Only when all three outputs agree element by element is every output element a copy of one input element
 * whatever the values; the map entry is {@code (source << 27) | element}.
 */
final class GatherMap {
    static final int MAX_SOURCES = 4;
    static final int ELEMENT_BITS = 27;

    private GatherMap() {
    }

    /**
     * The map, or null when the op does not move elements of these inputs.
     *
     * @param inputs the node's inputs: float entries are data (only their shapes are read), others parameters
     * @param sources indices of the float inputs
     */
    static int[] of(Op op, Tensor[] inputs, int[] sources) {
        int[] bases = new int[sources.length];
        long sum = 0;
        for (int k = 0; k < sources.length; k++) {
            bases[k] = (int) sum;
            sum += inputs[sources[k]].size();
        }
        long total = sum;
        if (sources.length == 0 || sources.length > MAX_SOURCES || total >= 1L << ELEMENT_BITS) {
            return null;
        }
        long[] shuffle = new long[(int) total];
        for (int i = 0; i < shuffle.length; i++) {
            shuffle[i] = i;
        }
        Random r = new Random(8);
        for (int i = shuffle.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            long t = shuffle[i];
            shuffle[i] = shuffle[j];
            shuffle[j] = t;
        }
        long[] up;
        long[] down;
        long[] mixed;
        try {
            up = run(op, inputs, sources, bases, e -> e);
            down = run(op, inputs, sources, bases, e -> total - 1 - e);
            mixed = run(op, inputs, sources, bases, e -> shuffle[(int) e]);
        } catch (RuntimeException e) {
            return null;
        }
        if (up == null || down == null || mixed == null || down.length != up.length || mixed.length != up.length) {
            return null;
        }
        int[] map = new int[up.length];
        for (int i = 0; i < up.length; i++) {
            long g = up[i];
            if (g < 0 || g >= total || down[i] != total - 1 - g || mixed[i] != shuffle[(int) g]) {
                return null;
            }
            int k = sources.length - 1;
            while (g < bases[k]) {
                k--;
            }
            map[i] = (k << ELEMENT_BITS) | (int) (g - bases[k]);
        }
        return map;
    }

    /** True when the map copies its single source unchanged (a reshape). */
    static boolean isIdentity(int[] map, int sourceSize) {
        if (map.length != sourceSize) {
            return false;
        }
        for (int i = 0; i < map.length; i++) {
            if (map[i] != i) {
                return false;
            }
        }
        return true;
    }

    private interface Numbering {
        long of(long element);
    }

    private static long[] run(Op op, Tensor[] inputs, int[] sources, int[] bases, Numbering numbering) {
        Tensor[] probe = inputs.clone();
        for (int k = 0; k < sources.length; k++) {
            Tensor t = inputs[sources[k]];
            long[] v = new long[t.size()];
            for (int e = 0; e < v.length; e++) {
                v[e] = numbering.of(bases[k] + e);
            }
            probe[sources[k]] = Tensor.of(v, t.shapeView());
        }
        TensorType[] types = new TensorType[probe.length];
        for (int i = 0; i < probe.length; i++) {
            types[i] = probe[i] == null ? null : TensorType.of(probe[i].dtype(), probe[i].shapeView());
        }
        TensorType[] out = op.infer(types, probe, 1);
        if (out.length < 1 || out[0] == null || !out[0].isStatic() || out[0].dtype() != DType.INT64) {
            return null;
        }
        Tensor[] result = new Tensor[out.length];
        result[0] = Tensor.allocate(out[0].dtype(), out[0].shape());
        op.execute(probe, result, null);
        return result[0].longs();
    }
}
