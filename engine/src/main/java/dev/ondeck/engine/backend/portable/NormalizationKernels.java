package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ExecContext;
import dev.ondeck.engine.ops.NormalizationOps;

/** Float32 normalisation kernels. */
final class NormalizationKernels {
    private NormalizationKernels() {
    }

    /**
     * BatchNormalization in inference form (one output) on float32 inputs: y = x * a[c] + b[c] with
     * a = scale / sqrt(var + epsilon) and b = B - mean * a (computed in double, per run, into arrays the kernel
     * keeps); null for other forms or dtypes.
     */
    static Kernel batchNorm(NormalizationOps.BatchNorm op, TensorType[] in, int outputs, FloatLoops loops, IntraOpPool pool) {
        if (!op.isInference() || outputs != 1 || in.length < 5) {
            return null;
        }
        for (TensorType t : in) {
            if (t != null && t.dtype() != DType.FLOAT) {
                return null;
            }
        }
        return new BatchNormKernel(op.epsilon(), loops, pool);
    }

    /**
     * LayerNormalization with one output on float32 input, scale and bias holding exactly the normalised elements
     * (other forms run the reference code): per row, the mean and the mean square deviation in float, then
     * {@code (x - mean) * (1 / sqrt(var + epsilon)) * scale + bias} in one pass. Null when the known types already rule it out.
     */
    static Kernel layerNorm(NormalizationOps.LayerNorm op, TensorType[] in, int outputs, FloatLoops loops, IntraOpPool pool) {
        if (outputs != 1 || in.length < 2 || in[1] == null || in[1].dtype() != DType.FLOAT
                || in.length > 2 && in[2] != null && in[2].dtype() != DType.FLOAT) {
            return null;
        }
        return (ins, out, ctx) -> {
            int[] shape = ins[0].shapeView();
            int d = 1;
            for (int a = op.axis(shape.length); a < shape.length; a++) {
                d *= shape[a];
            }
            Tensor bias = ins.length > 2 ? ins[2] : null;
            if (ins[0].dtype() != DType.FLOAT || d == 0 || ins[1].size() != d || bias != null && bias.size() != d) {
                op.execute(ins, out, ctx);
                return;
            }
            float eps = (float) op.epsilon();
            float[] x = ins[0].floats();
            float[] y = out[0].floats();
            float[] g = ins[1].floats();
            float[] b = bias == null ? null : bias.floats();
            int rows = ins[0].size() / d;
            int len = d;
            pool.forRange(rows, IntraOpPool.MIN_TASK_ELEMENTS / len, 1, (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    int o = r * len;
                    float mean = loops.sum(x, o, len) / len;
                    float var = loops.sumOfSquares(x, o, mean, len) / len;
                    loops.normalize(x, o, mean, (float) (1 / Math.sqrt(var + eps)), g, b, y, o, len);
                }
            });
        };
    }

    private static final class BatchNormKernel implements Kernel {
        private final double epsilon;
        private final FloatLoops loops;
        private final IntraOpPool pool;
        private float[] mul = new float[0];
        private float[] add = new float[0];

        BatchNormKernel(double epsilon, FloatLoops loops, IntraOpPool pool) {
            this.epsilon = epsilon;
            this.loops = loops;
            this.pool = pool;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int[] shape = in[0].shapeView();
            int n = shape[0];
            int c = shape[1];
            if (n == 0 || c == 0) {
                return;
            }
            int plane = in[0].size() / (n * c);
            if (mul.length < c) {
                mul = new float[c];
                add = new float[c];
            }
            float[] scale = in[1].floats();
            float[] bias = in[2].floats();
            float[] mean = in[3].floats();
            float[] var = in[4].floats();
            for (int k = 0; k < c; k++) {
                double a = scale[k] / Math.sqrt((double) var[k] + epsilon);
                mul[k] = (float) a;
                add[k] = (float) (bias[k] - mean[k] * a);
            }
            float[] x = in[0].floats();
            float[] y = out[0].floats();
            int planes = n * c;
            pool.forRange(planes, IntraOpPool.MIN_TASK_ELEMENTS / Math.max(1, plane), 1, (lo, hi) -> {
                for (int p = lo; p < hi; p++) {
                    loops.binaryScalar(FloatLoops.Binary.MUL, x, p * plane, mul[p % c], false, y, p * plane, plane);
                    loops.binaryScalar(FloatLoops.Binary.ADD, y, p * plane, add[p % c], false, y, p * plane, plane);
                }
            });
        }
    }
}
