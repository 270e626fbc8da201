package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;

/** Element type conversion: Cast, CastLike. */
public final class CastOps {
    private CastOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Cast", 1, CastOps::castByName);
        r.register("Cast", 6, CastOps::cast);
        r.register("CastLike", 15, n -> new Cast(null));
    }

    private static Op cast(NodeSpec n) {
        int code = (int) n.requireInt("to");
        DType to = DType.fromOnnx(code);
        if (to == null) {
            throw n.invalid("Cast to " + DType.onnxName(code) + " is not supported");
        }
        return new Cast(to);
    }

    /** Cast before opset 6, where {@code to} names the type ("FLOAT", "INT64", ...). */
    private static Op castByName(NodeSpec n) {
        String name = n.getString("to", "");
        if (name.equals("FLOAT16")) {
            return new Cast(DType.FLOAT);
        }
        for (DType t : DType.values()) {
            if (t.name().equals(name)) {
                return new Cast(t);
            }
        }
        throw n.invalid("Cast to '" + name + "' is not supported");
    }

    /**
     * Cast (attribute {@code to}) or, with {@code to} null, CastLike (the type of input 1). Floating to integer
     * truncates toward zero, integers wrap to the target width, bool is {@code x != 0}; saturate is ignored.
     */
    static final class Cast implements Op {
        final DType to;

        Cast(DType to) {
            this.to = to;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            DType target = to != null ? to : in[1].dtype();
            return new TensorType[] {TensorType.of(target, in[0].shape())};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor y = out[0];
            int n = y.size();
            DType from = x.dtype();
            DType target = y.dtype();
            if (from == target) {
                y.copyFrom(x, 0, 0, n);
            } else if (from == DType.FLOAT && target == DType.DOUBLE) {
                float[] xv = x.floats();
                double[] yv = y.doubles();
                for (int i = 0; i < n; i++) {
                    yv[i] = xv[i];
                }
            } else if (from == DType.DOUBLE && target == DType.FLOAT) {
                double[] xv = x.doubles();
                float[] yv = y.floats();
                for (int i = 0; i < n; i++) {
                    yv[i] = (float) xv[i];
                }
            } else if (from.isFloating() || target.isFloating()) {
                for (int i = 0; i < n; i++) {
                    y.setDouble(i, x.getDouble(i));
                }
            } else {
                for (int i = 0; i < n; i++) {
                    y.setLong(i, x.getLong(i));
                }
            }
        }
    }
}
