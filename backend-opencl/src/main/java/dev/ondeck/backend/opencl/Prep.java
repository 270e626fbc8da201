package dev.ondeck.backend.opencl;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;

/**
 * What a kernel factory knows about one node at prepare time: its static input and output types, constant
 * inputs, and the backend's OpenCL state; {@link #launch} starts a launch of one kernel function, built
 * with the backend's options (storage precision, the test-only broken kernel).
 */
record Prep(OpenClBackend backend, Node node, TensorType[] in, Tensor[] constants, TensorType[] out) {
    ClLaunch.Builder launch(String file, String function) {
        return launch(file, function, "");
    }

    /** A launch of {@code function} from {@code file} built with extra options (e.g. {@code -DOP_ADD}). */
    ClLaunch.Builder launch(String file, String function, String options) {
        ClContext ctx = backend.context();
        String all = (backend.buildOptions(function) + " " + options).trim();
        return new ClLaunch.Builder(ctx, backend.values(), ctx.programs.kernel(file, all, function),
                in.length, node.outputCount());
    }

    int[] shape(int input) {
        return in[input].shape();
    }

    int[] outShape() {
        return out[0].shape();
    }

    boolean present(int input) {
        return input < in.length && in[input] != null;
    }
}
