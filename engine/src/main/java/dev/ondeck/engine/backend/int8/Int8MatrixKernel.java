package dev.ondeck.engine.backend.int8;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.ops.ExecContext;

/**
 * Gemm (transA = 0) and MatMul with constant int8 weights: A [..., M, K] times B [K, N] (or B [N, K] when
 * transposed), int32 accumulation on {@link Int8Kernels#gemm} with B packed once into its panels, alpha and a
 * bias of N (or 1) values scaled by beta, requantised per output column.
 */
final class Int8MatrixKernel implements Kernel {
    private final Int8Linear lin;
    private final int k;
    private final int n;
    /** B in the kernels' panels: (N / panel, K, panel). */
    private final byte[] panels;
    private final Requantisation epilogue;
    private byte[] aq = new byte[0];
    private int[] acc = new int[0];

    Int8MatrixKernel(Int8Linear lin, boolean transB, float alpha, float beta) {
        this.lin = lin;
        byte[] w = lin.w.q;
        k = transB ? lin.w.shape[1] : lin.w.shape[0];
        n = transB ? lin.w.shape[0] : lin.w.shape[1];
        int width = lin.kernels.panelWidth();
        panels = new byte[(n + width - 1) / width * width * k];
        int[] columnSums = new int[n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                byte v = transB ? w[j * k + p] : w[p * n + j];
                panels[j / width * k * width + p * width + j % width] = v;
                columnSums[j] += v;
            }
        }
        epilogue = lin.requantisation(n, columnSums, alpha, beta);
    }

    @Override
    public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
        int size = in[0].size();
        int rows = size / k;
        if (aq.length != size) {
            aq = new byte[size]; // (rows, K)
            acc = new int[rows * n]; // (rows, N)
        }
        lin.quantise(in[0].floats(), size, aq);
        Int8Kernels kernels = lin.kernels;
        kernels.gemm(rows, n, k, aq, 0, k, panels, acc, 0, n);
        float[] y = out[0].floats();
        for (int r = 0; r < rows; r++) {
            kernels.requantise(acc, r * n, n, epilogue, 0, true, y, r * n);
        }
    }
}
