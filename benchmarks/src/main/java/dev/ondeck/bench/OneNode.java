package dev.ondeck.bench;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import java.util.Random;

/**
 * One node's kernel on a backend, prepared through the backend API as a plan would (constant weights
 * known), with its inputs and preallocated outputs: what the kernel benchmarks execute.
 */
final class OneNode {
    final Kernel kernel;
    final Tensor[] inputs;
    final Tensor[] outputs;

    /**
     * @param model a one-node model whose first input is the activation and whose initializers are the weights
     * @param activation the activation input's value
     */
    OneNode(Model model, String backend, Tensor activation) {
        Node node = model.graph().nodes().get(0);
        String[] names = node.inputs();
        TensorType[] types = new TensorType[names.length];
        Tensor[] constants = new Tensor[names.length];
        inputs = new Tensor[names.length];
        for (int i = 0; i < names.length; i++) {
            Tensor v = i == 0 ? activation : model.graph().initializers().get(names[i]);
            types[i] = TensorType.of(v.dtype(), v.shape());
            constants[i] = i == 0 ? null : v;
            inputs[i] = v;
        }
        kernel = Backends.find(backend).kernelFor(node, types, constants, 1);
        if (kernel == null) {
            throw new IllegalStateException(backend + " has no kernel for " + node.opType());
        }
        TensorType[] out = node.op().infer(types, inputs, node.outputCount());
        outputs = new Tensor[] {Tensor.allocate(out[0].dtype(), out[0].shape())};
    }

    void run() {
        kernel.execute(inputs, outputs, null);
    }

    /** Uniform values in [-0.5, 0.5). */
    static Tensor random(long seed, int... shape) {
        Tensor t = Tensor.allocate(DType.FLOAT, shape);
        float[] v = t.floats();
        Random r = new Random(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() - 0.5f;
        }
        return t;
    }

    /** A one-node model builder with input {@code x} of {@code shape}. */
    static ModelBuilder model(int... shape) {
        Object[] dims = new Object[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i];
        }
        return ModelBuilder.create().opset(13).input("x", DType.FLOAT, dims);
    }
}
