package dev.ondeck.engine.backend.int8;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.ops.CopyOps;
import dev.ondeck.engine.ops.ExecContext;

/**
 * Concat of dequantised activations followed by a QuantizeLinear. An input on the output's grid (same scale
 * and zero point) is copied as it is; any other is taken back to its signed bytes and requantised to the
 * output's grid chunk by chunk.
 */
final class Int8ConcatKernel implements Kernel {
    private final CopyOps.Concat op;
    private final QdqPattern.Activation[] inputs;
    private final boolean[] onOutputGrid;
    private final Requantisation[] requantise;
    private final Int8Kernels kernels = Int8Kernels.loaded();
    private byte[] chunk = new byte[0];
    private int[] acc = new int[0];

    Int8ConcatKernel(CopyOps.Concat op, QdqPattern.Activation[] inputs, QdqPattern.Activation y) {
        this.op = op;
        this.inputs = inputs;
        this.onOutputGrid = new boolean[inputs.length];
        this.requantise = new Requantisation[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            QdqPattern.Activation x = inputs[i];
            onOutputGrid[i] = x.scale == y.scale && x.zeroPoint == y.zeroPoint && x.lo == y.lo;
            requantise[i] = Requantisation.of(new int[] {x.signedZeroPoint()}, new float[] {x.scale}, new float[1], 1f, y);
        }
    }

    @Override
    public void execute(Tensor[] in, Tensor[] outs, ExecContext ctx) {
        Tensor y = outs[0];
        int[] ys = y.shapeView();
        int a = op.axis(ys.length);
        int outer = 1;
        for (int d = 0; d < a; d++) {
            outer *= ys[d];
        }
        int inner = y.size() / outer / ys[a];
        int outChunk = ys[a] * inner;
        float[] yf = y.floats();
        int offset = 0;
        for (int i = 0; i < in.length; i++) {
            int len = in[i].dim(a) * inner;
            float[] x = in[i].floats();
            if (chunk.length < len) {
                chunk = new byte[len];
                acc = new int[len];
            }
            for (int o = 0; o < outer; o++) {
                int dst = o * outChunk + offset;
                if (onOutputGrid[i]) {
                    System.arraycopy(x, o * len, yf, dst, len);
                } else {
                    kernels.quantise(x, o * len, len, inputs[i].scale, inputs[i].signedZeroPoint(), chunk, 0);
                    for (int j = 0; j < len; j++) {
                        acc[j] = chunk[j];
                    }
                    kernels.requantise(acc, 0, len, requantise[i], 0, false, yf, dst);
                }
            }
            offset += len;
        }
    }
}
