package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.FusingKernel;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ElementwiseOps;
import dev.ondeck.engine.ops.ExecContext;
import dev.ondeck.engine.ops.Op;

/**
 * Float32 Transpose of a static shape, planned at prepare time: output axes that stay adjacent in the input are
 * merged, size-1 axes dropped; when the output's last axis is also the input's, whole rows are copied, otherwise
 * the pair (output axis read at stride 1, output's last axis) is transposed in square tiles for every position of
 * the other axes. It absorbs a following Mul or Div by a constant scalar (the 1/sqrt(d) scale of attention
 * queries), applied to each element as it is copied. Other dtypes and unknown shapes run the reference code.
 */
final class TransposeKernel implements FusingKernel {
    private static final int TILE = 16;
    private final Op op;
    /** Merged output dims, outermost first, and the input stride of each. */
    private final int[] dims;
    private final int[] inStrides;
    /** The merged output axis read at input stride 1 (-1 when that is the last axis: row copies). */
    private final int unit;
    private final int[] index;
    private final FloatLoops loops;
    /** What is applied to each copied element: nothing (null), x * factor or x / factor. */
    private final ElementwiseOps.Arith scale;
    private final FloatLoops.Binary binary;
    private final float factor;

    private TransposeKernel(Op op, FloatLoops loops, int[] dims, int[] inStrides, int unit) {
        this(op, loops, dims, inStrides, unit, null, 1f);
    }

    private TransposeKernel(Op op, FloatLoops loops, int[] dims, int[] inStrides, int unit, ElementwiseOps.Arith scale,
            float factor) {
        this.op = op;
        this.loops = loops;
        this.binary = scale == ElementwiseOps.Arith.MUL ? FloatLoops.Binary.MUL : FloatLoops.Binary.DIV;
        this.dims = dims;
        this.inStrides = inStrides;
        this.unit = unit;
        this.index = new int[dims.length];
        this.scale = scale;
        this.factor = factor;
    }

    /** {@code Mul} or {@code Div} of this output by a constant float scalar (of rank 0 or rank 1). */
    @Override
    public Kernel absorb(Node next, TensorType[] types, Tensor[] constants) {
        if (scale != null || !(next.op() instanceof ElementwiseOps.Arithmetic) || constants.length != 2) {
            return null;
        }
        ElementwiseOps.Arithmetic a = (ElementwiseOps.Arithmetic) next.op();
        Tensor c = constants[1];
        boolean kind = a.kind() == ElementwiseOps.Arith.MUL || a.kind() == ElementwiseOps.Arith.DIV;
        boolean keepsShape = types[0] != null && types[0].hasRank() && c != null && c.rank() <= Math.min(1, types[0].rank());
        if (!kind || a.legacy() || !keepsShape || c.dtype() != DType.FLOAT || c.size() != 1) {
            return null;
        }
        return new TransposeKernel(op, loops, dims, inStrides, unit, a.kind(), c.floats()[0]);
    }

    /** The kernel for a Transpose with permutation {@code perm} of a static float input (scaling on {@code loops}), or null. */
    static Kernel of(Op op, TensorType in, int[] perm, FloatLoops loops) {
        if (in == null || !in.isStatic() || in.dtype() != DType.FLOAT || perm == null || perm.length != in.rank()
                || in.elementCount() == 0) {
            return null;
        }
        int[] shape = in.shape();
        int[] strides = Tensor.stridesOf(shape);
        int[] dims = new int[perm.length];
        int[] st = new int[perm.length];
        int r = 0;
        for (int axis : perm) {
            if (shape[axis] == 1) {
                continue;
            }
            if (r > 0 && st[r - 1] == strides[axis] * shape[axis]) {
                dims[r - 1] *= shape[axis];
                st[r - 1] = strides[axis];
            } else {
                dims[r] = shape[axis];
                st[r] = strides[axis];
                r++;
            }
        }
        if (r == 0) {
            return new TransposeKernel(op, loops, new int[] {1}, new int[] {1}, -1);
        }
        int unit = -1;
        for (int i = 0; i < r - 1; i++) {
            if (st[i] == 1) {
                unit = i;
            }
        }
        return new TransposeKernel(op, loops, java.util.Arrays.copyOf(dims, r), java.util.Arrays.copyOf(st, r), unit);
    }

    @Override
    public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
        if (in[0].dtype() != DType.FLOAT) {
            op.execute(in, out, ctx);
            return;
        }
        float[] x = in[0].floats();
        float[] y = out[0].floats();
        int last = dims.length - 1;
        if (unit < 0) {
            copyRows(x, y, dims[last]);
        } else {
            tiles(x, y, last);
        }
    }

    /**
     * Output rows of {@code len} elements, each contiguous in the input, then the absorbed scale over the whole
     * output (a loop reading x at one offset and writing y at another stays scalar under SuperWord: the scaled
     * head transpose of the transformer encoder took 23 us so).
     */
    private void copyRows(float[] x, float[] y, int len) {
        int outer = dims.length - 1;
        java.util.Arrays.fill(index, 0);
        int total = y.length;
        int src = 0;
        for (int o = 0; o < total; o += len) {
            System.arraycopy(x, src, y, o, len);
            src = advance(src, outer, -1);
        }
        if (scale != null) {
            scaleInPlace(y);
        }
    }

    /**
     * For every position of the axes other than {@code unit} and the last: the [dims[unit] x dims[last]] block
     * of the output, read transposed (stride 1 along unit, inStrides[last] along the last axis) in square tiles.
     */
    private void tiles(float[] x, float[] y, int last) {
        int rows = dims[unit];
        int cols = dims[last];
        int colStride = inStrides[last];
        int rowStride = outStride(unit);
        java.util.Arrays.fill(index, 0);
        int blocks = y.length / (rows * cols);
        int src = 0;
        for (int b = 0; b < blocks; b++) {
            int dst = outOffset();
            for (int i0 = 0; i0 < rows; i0 += TILE) {
                int i1 = Math.min(rows, i0 + TILE);
                for (int j0 = 0; j0 < cols; j0 += TILE) {
                    int j1 = Math.min(cols, j0 + TILE);
                    for (int i = i0; i < i1; i++) {
                        int d = dst + i * rowStride;
                        int s = src + i;
                        for (int j = j0; j < j1; j++) {
                            y[d + j] = x[s + j * colStride];
                        }
                    }
                }
            }
            src = advance(src, last, unit);
        }
        if (scale != null) {
            scaleInPlace(y);
        }
    }

    /** The absorbed scale over the whole (cache-warm) output, after the copies. */
    private void scaleInPlace(float[] y) {
        loops.binaryScalar(binary, y, 0, factor, false, y, 0, y.length);
    }

    /** Steps the odometer over the axes before {@code end} other than {@code skip}; returns the new input offset. */
    private int advance(int src, int end, int skip) {
        for (int d = end - 1; d >= 0; d--) {
            if (d == skip) {
                continue;
            }
            index[d]++;
            src += inStrides[d];
            if (index[d] < dims[d]) {
                return src;
            }
            src -= inStrides[d] * dims[d];
            index[d] = 0;
        }
        return src;
    }

    /** Output stride of a merged axis. */
    private int outStride(int axis) {
        int s = 1;
        for (int d = dims.length - 1; d > axis; d--) {
            s *= dims[d];
        }
        return s;
    }

    /** Output offset of the odometer's position (unit and last axes at 0). */
    private int outOffset() {
        int off = 0;
        for (int d = 0; d < dims.length - 1; d++) {
            if (d != unit) {
                off += index[d] * outStride(d);
            }
        }
        return off;
    }
}
