package dev.ondeck.engine.backend.int8;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.ops.ExecContext;

/**
 * Add of two same-shape dequantised activations followed by a QuantizeLinear: both taken back to their signed
 * bytes, summed as {@code a_scale * (a - a_zp) + b_scale * (b - b_zp)} and requantised to the output's scale
 * and zero point (which may differ from both inputs').
 */
final class Int8AddKernel implements Kernel {
    private final QdqPattern.Activation a;
    private final QdqPattern.Activation b;
    private final Requantisation out;
    private final Int8Kernels kernels = Int8Kernels.loaded();
    private byte[] aq = new byte[0];
    private byte[] bq = new byte[0];

    Int8AddKernel(QdqPattern.Activation a, QdqPattern.Activation b, QdqPattern.Activation y) {
        this.a = a;
        this.b = b;
        this.out = Requantisation.of(new int[1], new float[1], new float[1], 1f, y);
    }

    @Override
    public void execute(Tensor[] in, Tensor[] outs, ExecContext ctx) {
        int n = outs[0].size();
        if (aq.length != n) {
            aq = new byte[n];
            bq = new byte[n];
        }
        kernels.quantise(in[0].floats(), 0, n, a.scale, a.signedZeroPoint(), aq, 0);
        kernels.quantise(in[1].floats(), 0, n, b.scale, b.signedZeroPoint(), bq, 0);
        int za = a.signedZeroPoint();
        int zb = b.signedZeroPoint();
        float[] y = outs[0].floats();
        for (int i = 0; i < n; i++) {
            y[i] = out.toGrid((aq[i] - za) * a.scale + (bq[i] - zb) * b.scale);
        }
    }
}
