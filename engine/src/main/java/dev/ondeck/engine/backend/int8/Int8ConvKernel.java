package dev.ondeck.engine.backend.int8;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.ops.ConvOps;
import dev.ondeck.engine.ops.ExecContext;
import java.util.Arrays;

/**
 * Convolution of int8 activations and per-channel int8 weights, int32 accumulation. Per image and group the
 * input patches are packed as the B panels of {@link Int8Kernels#gemm} (padding holds the zero point, so it
 * adds nothing once the accumulator is corrected); 2-D depthwise convolutions instead run
 * {@link Int8Kernels#shiftedRowSum} over a padded plane whose rows are split into stride phases, so every tap
 * reads contiguous bytes.
 */
final class Int8ConvKernel implements Kernel {
    private final ConvOps.Conv conv;
    private final Int8Linear lin;
    private final Int8Kernels kernels;
    private final Requantisation epilogue;
    private final int[] in3 = new int[3];
    private int[] lastX;
    private ConvOps.Geometry geo;
    private Int8Patches patches;
    private byte[] xq = new byte[0];
    private int[] acc = new int[0];

    Int8ConvKernel(ConvOps.Conv conv, Int8Linear lin) {
        this.conv = conv;
        this.lin = lin;
        this.kernels = lin.kernels;
        int m = lin.w.shape[0];
        int k = lin.w.q.length / m;
        int[] rowSums = new int[m];
        for (int oc = 0; oc < m; oc++) {
            for (int p = 0; p < k; p++) {
                rowSums[oc] += lin.w.q[oc * k + p];
            }
        }
        epilogue = lin.requantisation(m, rowSums, 1f, 1f);
    }

    @Override
    public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
        int[] xs = in[0].shapeView();
        if (!Arrays.equals(xs, lastX)) {
            prepare(xs);
        }
        int size = in[0].size();
        lin.quantise(in[0].floats(), size, xq);
        float[] y = out[0].floats();
        int batch = xs[0];
        int c = xs[1];
        int m = lin.w.shape[0];
        int group = conv.group();
        int cg = c / group;
        int mg = m / group;
        int inSize = in3[0] * in3[1] * in3[2];
        int outSize = patches.outSize;
        int k = patches.depth;
        for (int n = 0; n < batch; n++) {
            for (int g = 0; g < group; g++) {
                int xOff = (n * c + g * cg) * inSize;
                if (patches.depthwise) {
                    patches.plane(xq, xOff);
                    for (int j = 0; j < mg; j++) {
                        patches.depthwise(kernels, lin.w.q, (g * mg + j) * k, acc, j * outSize);
                    }
                } else {
                    patches.pack(xq, xOff);
                    kernels.gemm(mg, outSize, k, lin.w.q, g * mg * k, k, patches.panels, acc, 0, outSize);
                }
                for (int j = 0; j < mg; j++) {
                    int oc = g * mg + j;
                    kernels.requantise(acc, j * outSize, outSize, epilogue, oc, false, y, (n * m + oc) * outSize);
                }
            }
        }
    }

    private void prepare(int[] xs) {
        geo = conv.geometry3d(xs, lin.w.shape, in3);
        lastX = xs.clone();
        int size = 1;
        for (int d : xs) {
            size *= d;
        }
        xq = new byte[size];
        int cg = xs[1] / conv.group();
        patches = new Int8Patches(geo, in3, cg, lin.x.signedZeroPoint(), kernels.panelWidth());
        acc = new int[lin.w.shape[0] / conv.group() * patches.outSize];
    }
}
