package dev.ondeck.engine.backend.ref;

import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;

/** {@code cpu-ref}: runs every op's scalar reference implementation. The specification for all backends. */
public final class CpuRefBackend implements Backend {
    @Override
    public String name() {
        return Backends.REFERENCE;
    }

    @Override
    public String description() {
        return "scalar reference implementation of every op (the specification)";
    }

    @Override
    public Kernel kernelFor(Node node, TensorType[] inputTypes) {
        return node.op()::execute;
    }
}
