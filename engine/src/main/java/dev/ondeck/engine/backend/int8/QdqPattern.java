package dev.ondeck.engine.backend.int8;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.PlanGraph;
import dev.ondeck.engine.graph.Node;
import java.util.List;

/**
 * Recognises, at prepare time, the quantisation parameters around a float node of a QDQ graph: the
 * DequantizeLinear feeding an activation, the DequantizeLinear of constant int8 weights (per tensor or per
 * channel, zero point 0), and the QuantizeLinear that is the only reader of the node's output.
 */
final class QdqPattern {
    private QdqPattern() {
    }

    /** A per-tensor quantisation: float = scale * (q - zeroPoint), q in [lo, hi]. */
    static final class Activation {
        final float scale;
        final int zeroPoint;
        final int lo;
        final int hi;

        Activation(float scale, int zeroPoint, boolean unsigned) {
            this.scale = scale;
            this.zeroPoint = zeroPoint;
            this.lo = unsigned ? 0 : -128;
            this.hi = unsigned ? 255 : 127;
        }

        /** The zero point in the signed-byte form {@link Int8Kernels} computes in (uint8 shifted by -128). */
        int signedZeroPoint() {
            return lo == 0 ? zeroPoint - 128 : zeroPoint;
        }
    }

    /** Constant int8 weights and one scale per output channel along {@code axis} (or one for all). */
    static final class Weights {
        /** The int8 weights, row-major in {@link #shape}. */
        final byte[] q;
        final int[] shape;
        final float[] scales;
        final int axis;

        Weights(byte[] q, int[] shape, float[] scales, int axis) {
            this.q = q;
            this.shape = shape;
            this.scales = scales;
            this.axis = axis;
        }

        float scale(int channel) {
            return scales.length == 1 ? scales[0] : scales[channel];
        }
    }

    /** The DequantizeLinear producing {@code value} from a run-time int8/uint8 tensor with constant per-tensor parameters, or null. */
    static Activation dequantizedInput(PlanGraph g, String value) {
        Node dq = g.producer(value);
        if (dq == null || !dq.opType().equals("DequantizeLinear") || g.constant(dq.input(0)) != null) {
            return null;
        }
        return parameters(g, dq);
    }

    /** The parameters of a DequantizeLinear or QuantizeLinear with constant scalar scale and zero point, or null. */
    static Activation parameters(PlanGraph g, Node qdq) {
        Tensor scale = qdq.inputCount() > 1 ? g.constant(qdq.input(1)) : null;
        Tensor zp = qdq.inputCount() > 2 && !qdq.input(2).isEmpty() ? g.constant(qdq.input(2)) : null;
        if (scale == null || scale.size() != 1 || scale.dtype() != DType.FLOAT || scale.getDouble(0) <= 0) {
            return null;
        }
        if (qdq.inputCount() > 2 && !qdq.input(2).isEmpty() && zp == null) {
            return null;
        }
        DType type = zp == null ? DType.UINT8 : zp.dtype();
        return kind(scale, zp, type);
    }

    private static Activation kind(Tensor scale, Tensor zp, DType type) {
        if (type != DType.INT8 && type != DType.UINT8) {
            return null;
        }
        return new Activation((float) scale.getDouble(0), zp == null ? 0 : (int) zp.getLong(0), type == DType.UINT8);
    }

    /**
     * The DequantizeLinear of constant int8 weights producing {@code value}, symmetric (zero point 0), with one
     * scale or one per index of {@code channelAxis}; null otherwise.
     */
    static Weights dequantizedWeights(PlanGraph g, String value, int channelAxis) {
        Node dq = g.producer(value);
        if (dq == null || !dq.opType().equals("DequantizeLinear")) {
            return null;
        }
        Tensor q = g.constant(dq.input(0));
        Tensor scale = dq.inputCount() > 1 ? g.constant(dq.input(1)) : null;
        Tensor zp = dq.inputCount() > 2 && !dq.input(2).isEmpty() ? g.constant(dq.input(2)) : null;
        if (q == null || q.dtype() != DType.INT8 || scale == null || scale.dtype() != DType.FLOAT
                || dq.inputCount() > 2 && !dq.input(2).isEmpty() && zp == null) {
            return null;
        }
        int axis = intAttribute(dq, "axis", 1);
        axis = axis < 0 ? axis + q.rank() : axis;
        if (scale.size() != 1 && (scale.rank() != 1 || axis != channelAxis || scale.size() != q.dim(channelAxis))) {
            return null;
        }
        for (int i = 0; zp != null && i < zp.size(); i++) {
            if (zp.getLong(i) != 0) {
                return null;
            }
        }
        byte[] values = q.bytes().clone();
        float[] s = new float[scale.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) scale.getDouble(i);
        }
        return new Weights(values, q.shape(), s, channelAxis);
    }

    /**
     * The value when constant, or computed from a DequantizeLinear of constants (a bias in plans made without
     * constant folding, as {@code ondeck diff} makes them); null otherwise.
     */
    static Tensor constantOrDequantized(PlanGraph g, String value) {
        Tensor c = g.constant(value);
        Node dq = g.producer(value);
        if (c != null || dq == null || !dq.opType().equals("DequantizeLinear")) {
            return c;
        }
        Tensor[] in = new Tensor[dq.inputCount()];
        for (int i = 0; i < in.length; i++) {
            in[i] = dq.input(i).isEmpty() ? null : g.constant(dq.input(i));
            if (in[i] == null && !dq.input(i).isEmpty()) {
                return null;
            }
        }
        if (in[1].dtype() != DType.FLOAT) {
            return null;
        }
        Tensor out = Tensor.allocate(DType.FLOAT, in[0].shape());
        dq.op().execute(in, new Tensor[] {out}, null);
        return out;
    }

    /** The QuantizeLinear that is the only reader of {@code value} (not a graph output), or null. */
    static Activation requantizedOutput(PlanGraph g, String value) {
        List<Node> readers = g.consumers(value);
        if (readers.size() != 1 || g.isGraphOutput(value) || !readers.get(0).opType().equals("QuantizeLinear")) {
            return null;
        }
        return parameters(g, readers.get(0));
    }

    static int intAttribute(Node node, String name, int defaultValue) {
        Object a = node.attributes().get(name);
        return a instanceof Number ? ((Number) a).intValue() : defaultValue;
    }
}
