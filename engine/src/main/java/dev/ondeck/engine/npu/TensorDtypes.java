package dev.ondeck.engine.npu;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.ValueInfo;
import dev.ondeck.engine.graph.Graph;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import java.util.HashMap;
import java.util.Map;

/**
 * The dtype of every tensor of a graph, by running each op's shape inference in order with symbolic or unknown
 * dims bound to 1 (the plan only infers static shapes). A tensor whose type cannot be inferred is absent.
 */
final class TensorDtypes {
    private TensorDtypes() {
    }

    static Map<String, DType> of(Graph g) {
        Map<String, TensorType> types = new HashMap<>();
        for (ValueInfo in : g.inputs()) {
            if (in.type() != null && in.type().hasRank()) {
                int[] shape = in.type().shape();
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shape[i] < 0 ? 1 : shape[i];
                }
                types.put(in.name(), TensorType.of(in.type().dtype(), shape));
            } else if (in.type() != null) {
                types.put(in.name(), in.type());
            }
        }
        Map<String, Tensor> values = new HashMap<>(g.initializers());
        for (Map.Entry<String, Tensor> e : values.entrySet()) {
            types.put(e.getKey(), TensorType.of(e.getValue().dtype(), e.getValue().shape()));
        }
        for (Node n : g.nodes()) {
            TensorType[] in = new TensorType[n.inputCount()];
            Tensor[] vals = new Tensor[n.inputCount()];
            boolean known = true;
            for (int i = 0; i < in.length; i++) {
                String name = n.input(i);
                if (name.isEmpty()) {
                    continue;
                }
                in[i] = types.get(name);
                vals[i] = values.get(name);
                known &= in[i] != null;
            }
            TensorType[] out = null;
            if (known) {
                try {
                    out = n.op().infer(in, vals, n.outputCount());
                } catch (RuntimeException e) {
                    out = null;
                }
            }
            for (int o = 0; o < n.outputCount(); o++) {
                TensorType t = out != null && o < out.length ? out[o] : g.declaredTypes().get(n.output(o));
                if (t != null) {
                    types.put(n.output(o), t);
                }
            }
        }
        Map<String, DType> dtypes = new HashMap<>();
        types.forEach((k, v) -> dtypes.put(k, v.dtype()));
        return dtypes;
    }
}
