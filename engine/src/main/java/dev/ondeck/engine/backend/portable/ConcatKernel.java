package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.ops.CopyOps;
import dev.ondeck.engine.ops.ExecContext;

/**
 * Float32 Concat as block copies: the output is {@code outer} rows (the product of the dims before the axis), each
 * row the inputs' blocks side by side; the (input, row) blocks are split across the intra-op pool when the output
 * is large enough to be worth it. Along axis 1 of a batch-1 NCHW tensor each input is one block.
 */
final class ConcatKernel implements Kernel {
    private final CopyOps.Concat op;
    private final IntraOpPool pool;
    /** Per input: floats of one block, and where its block starts in an output row. */
    private final int[] block;
    private final int[] offset;

    ConcatKernel(CopyOps.Concat op, int inputs, IntraOpPool pool) {
        this.op = op;
        this.pool = pool;
        this.block = new int[inputs];
        this.offset = new int[inputs];
    }

    @Override
    public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
        float[] y = out[0].floats();
        int[] ys = out[0].shapeView();
        int axis = op.axis(ys.length);
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= ys[d];
        }
        if (outer == 0 || out[0].size() == 0) {
            return;
        }
        int row = out[0].size() / outer;
        int at = 0;
        for (int k = 0; k < in.length; k++) {
            block[k] = in[k].size() / outer;
            offset[k] = at;
            at += block[k];
        }
        int rows = outer;
        int blocks = in.length * outer;
        pool.forRange(blocks, Math.max(1, IntraOpPool.MIN_TASK_ELEMENTS * 4L * blocks / out[0].size()), 1, (lo, hi) -> {
            for (int t = lo; t < hi; t++) {
                int k = t / rows;
                int o = t % rows;
                System.arraycopy(in[k].floats(), o * block[k], y, o * row + offset[k], block[k]);
            }
        });
    }
}
