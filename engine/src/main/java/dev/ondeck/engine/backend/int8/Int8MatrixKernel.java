package dev.ondeck.engine.backend.int8;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.ops.ExecContext;

/**
 * Gemm (transA = 0) and MatMul with constant int8 weights: A [..., M, K] times B [K, N] (or B [N, K] when
 * transposed), int32 accumulation, alpha and a bias of N (or 1) values scaled by beta.
 */
final class Int8MatrixKernel implements Kernel {
    private final Int8Linear lin;
    private final boolean transB;
    private final float alpha;
    private final float beta;
    /** The weights as [N, K] rows, so each output's dot product reads both operands contiguously. */
    private final int[] rowsOfB;
    private int[] aq = new int[0];

    Int8MatrixKernel(Int8Linear lin, boolean transB, float alpha, float beta) {
        this.lin = lin;
        this.transB = transB;
        this.alpha = alpha;
        this.beta = beta;
        int[] w = lin.w.q;
        if (transB) {
            rowsOfB = w;
        } else {
            int k = lin.w.shape[0];
            int n = lin.w.shape[1];
            rowsOfB = new int[w.length];
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    rowsOfB[j * k + p] = w[p * n + j];
                }
            }
        }
    }

    @Override
    public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
        int[] as = in[0].shapeView();
        int kdim = as[as.length - 1];
        int rows = in[0].size() / kdim;
        int n = transB ? lin.w.shape[0] : lin.w.shape[1];
        if (aq.length != in[0].size()) {
            aq = new int[in[0].size()];
        }
        lin.centre(in[0].floats(), aq);
        int[] w = rowsOfB;
        float[] y = out[0].floats();
        float[] bias = lin.bias;
        for (int r = 0; r < rows; r++) {
            int a0 = r * kdim;
            for (int j = 0; j < n; j++) {
                int acc = 0;
                int b0 = j * kdim;
                for (int p = 0; p < kdim; p++) {
                    acc += aq[a0 + p] * w[b0 + p];
                }
                float b = bias == null ? 0f : beta * bias[bias.length == 1 ? 0 : j];
                y[r * n + j] = lin.finish(acc, j, alpha, b);
            }
        }
    }
}
