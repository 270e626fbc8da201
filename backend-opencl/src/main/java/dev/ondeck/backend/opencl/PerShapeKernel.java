package dev.ondeck.backend.opencl;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.DeviceTimedKernel;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ExecContext;
import dev.ondeck.engine.ops.ShapeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node whose input shapes are known only at run time (symbolic dims such as a batch): the launch is
 * prepared at the first execute for the actual shapes and kept per shape, so each shape's kernel is set up
 * once. At prepare time the node is checked with every unknown dim read as 1, so the plan shows
 * {@code opencl} only for nodes the backend has a kernel for.
 */
final class PerShapeKernel implements DeviceTimedKernel {
    private final OpenClBackend backend;
    private final Node node;
    private final Tensor[] constants;
    private final int threads;
    private final Map<List<Integer>, Kernel> byShape = new HashMap<>();
    private Tensor[] lastInputs;
    private Kernel last;

    private PerShapeKernel(OpenClBackend backend, Node node, Tensor[] constants, int threads, int inputs) {
        this.backend = backend;
        this.node = node;
        this.constants = constants.clone();
        this.threads = threads;
        this.lastInputs = new Tensor[inputs];
    }

    /** The kernel, or null when the backend has no kernel for the node even with unknown dims read as 1. */
    static Kernel of(OpenClBackend backend, Node node, TensorType[] in, Tensor[] constants, int threads) {
        TensorType[] rep = new TensorType[in.length];
        for (int i = 0; i < in.length; i++) {
            if (in[i] != null) {
                if (!in[i].hasRank()) {
                    return null;
                }
                int[] s = in[i].shape();
                for (int d = 0; d < s.length; d++) {
                    s[d] = s[d] < 0 ? 1 : s[d];
                }
                rep[i] = TensorType.of(in[i].dtype(), s);
            }
        }
        TensorType[] out = OpenClBackend.staticOutputs(node, rep, constants);
        if (out == null || OpKernels.choose(new Prep(backend, node, rep, constants, out)) == null) {
            return null;
        }
        return new PerShapeKernel(backend, node, constants, threads, in.length);
    }

    @Override
    public void execute(Tensor[] inputs, Tensor[] outputs, ExecContext ctx) {
        if (last == null || !sameShapes(inputs)) {
            last = byShape.computeIfAbsent(key(inputs), k -> prepare(inputs));
            System.arraycopy(inputs, 0, lastInputs, 0, inputs.length);
        }
        last.execute(inputs, outputs, ctx);
    }

    private Kernel prepare(Tensor[] inputs) {
        TensorType[] types = new TensorType[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            types[i] = inputs[i] == null ? null : TensorType.of(inputs[i].dtype(), inputs[i].shapeView());
        }
        Kernel k = null;
        try {
            TensorType[] out = OpenClBackend.staticOutputs(node, types, constants);
            k = out == null ? null : OpKernels.choose(new Prep(backend, node, types, constants, out));
        } catch (ShapeException e) {
            k = null;
        }
        return k != null ? k : HostFallback.of(backend, node, types, constants, threads);
    }

    private boolean sameShapes(Tensor[] inputs) {
        for (int i = 0; i < inputs.length; i++) {
            Tensor a = inputs[i];
            Tensor b = lastInputs[i];
            if (a != b && (a == null || b == null || a.dtype() != b.dtype() || !Arrays.equals(a.shapeView(), b.shapeView()))) {
                return false;
            }
        }
        return true;
    }

    private static List<Integer> key(Tensor[] inputs) {
        List<Integer> list = new ArrayList<>();
        for (Tensor t : inputs) {
            list.add(t == null ? -2 : t.dtype() == DType.FLOAT ? -1 : -3);
            if (t != null) {
                for (int d : t.shapeView()) {
                    list.add(d);
                }
            }
        }
        return list;
    }

    @Override
    public long lastKernelNanos() {
        return last instanceof DeviceTimedKernel d ? d.lastKernelNanos() : 0;
    }

    @Override
    public long lastTransferNanos() {
        return last instanceof DeviceTimedKernel d ? d.lastTransferNanos() : 0;
    }

    @Override
    public boolean onHost() {
        return last instanceof DeviceTimedKernel d && d.onHost();
    }
}
