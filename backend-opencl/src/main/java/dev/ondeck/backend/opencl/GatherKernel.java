package dev.ondeck.backend.opencl;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.OndeckException;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.DeviceTimedKernel;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ExecContext;
import dev.ondeck.engine.ops.Op;
import dev.ondeck.engine.ops.ResizeOps;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Data movement (Reshape, Flatten, Squeeze, Transpose, Slice, Concat, Expand, nearest Resize, ...) on the
 * device as one gather through a {@link GatherMap}. The map is built at prepare time when the shapes and
 * parameter inputs are known then, else at the first execute and again only when input shapes or parameter
 * values change. A map that is the identity makes the node a view: the output shares the input's device
 * buffer and nothing moves. Sources are the float inputs (for Resize only X; its roi and scales are
 * parameters).
 */
final class GatherKernel implements DeviceTimedKernel {
    private final Op op;
    private final ClContext ctx;
    private final DeviceValues values;
    private final int[] sources;
    private final MemorySegment kernel;
    private final MemorySegment dummy;
    private final MemorySegment handle;
    private final MemorySegment globalSize;
    private final NodeClock clock;
    private Tensor[] lastParams;
    private int[][] lastShapes;
    private static final Cleaner CLEANER = Cleaner.create();
    private final MapBuffer mapBuffer;
    private int[] map;
    private boolean identity;

    private GatherKernel(OpenClBackend backend, Op op, int[] sources) {
        this.op = op;
        this.ctx = backend.context();
        this.values = backend.values();
        this.sources = sources;
        this.kernel = ctx.programs.kernel("movement.cl", backend.buildOptions("gather"), "gather");
        this.dummy = values.placeholder();
        Arena arena = Arena.ofAuto();
        this.handle = arena.allocate(ADDRESS);
        this.globalSize = arena.allocate(JAVA_LONG);
        this.clock = new NodeClock(ctx.cl).on(ctx.queue);
        this.mapBuffer = new MapBuffer(ctx.allocator);
        CLEANER.register(this, mapBuffer);
    }

    /** The device copy of the current map; freed when replaced and when the kernel is collected. */
    private static final class MapBuffer implements Runnable {
        private final ClAllocator allocator;
        MemorySegment buffer;
        long bytes;

        MapBuffer(ClAllocator allocator) {
            this.allocator = allocator;
        }

        synchronized void replace(MemorySegment b, long size) {
            run();
            buffer = b;
            bytes = size;
        }

        @Override
        public synchronized void run() {
            if (buffer != null) {
                allocator.free(buffer, bytes);
                buffer = null;
            }
        }
    }

    /**
     * The kernel, or null when the node is not a movement of float data here: no float input, a non-float
     * output, or a map check that fails at prepare time. Shapes and parameter inputs (shapes, starts,
     * indices) may be unknown until execute.
     */
    static Kernel of(OpenClBackend backend, Node node, TensorType[] in, Tensor[] constants) {
        if (node.outputCount() != 1) {
            return null;
        }
        List<Integer> data = new ArrayList<>();
        boolean staticData = true;
        boolean constantParams = true;
        for (int i = 0; i < in.length; i++) {
            if (in[i] == null) {
                continue;
            }
            if (in[i].dtype() == DType.FLOAT && (i == 0 || !(node.op() instanceof ResizeOps.Resize))) {
                staticData &= in[i].isStatic();
                data.add(i);
            } else {
                constantParams &= constants[i] != null;
            }
        }
        if (data.isEmpty() || data.size() > GatherMap.MAX_SOURCES) {
            return null;
        }
        boolean known = staticData && constantParams;
        if (!staticData && !floatOutput(node, in, constants)) {
            return null;
        }
        GatherKernel k = new GatherKernel(backend, node.op(), data.stream().mapToInt(Integer::intValue).toArray());
        if (known) {
            Tensor[] probe = constants.clone();
            for (int s : k.sources) {
                probe[s] = Tensor.allocate(DType.FLOAT, in[s].shape());
            }
            if (!k.rebuild(probe)) {
                return null;
            }
        }
        return k;
    }

    /**
     * With data shapes unknown until run time: true when the op's inferred output, with unknown dims read as
     * 1, is float32 (so a Shape or Size node never becomes a gather).
     */
    private static boolean floatOutput(Node node, TensorType[] in, Tensor[] constants) {
        TensorType[] rep = new TensorType[in.length];
        for (int i = 0; i < in.length; i++) {
            if (in[i] != null) {
                if (!in[i].hasRank()) {
                    return false;
                }
                int[] s = in[i].shape();
                for (int d = 0; d < s.length; d++) {
                    s[d] = s[d] < 0 ? 1 : s[d];
                }
                rep[i] = TensorType.of(in[i].dtype(), s);
            }
        }
        try {
            TensorType[] out = node.op().infer(rep, constants, 1);
            return out.length == 1 && out[0] != null && out[0].dtype() == DType.FLOAT;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void execute(Tensor[] inputs, Tensor[] outputs, ExecContext ec) {
        clock.start(ec != null && ec.deviceTiming());
        if (changed(inputs) && !rebuild(inputs)) {
            throw new OndeckException("not a pure data movement for inputs of shapes " + shapes(inputs)
                    + "; the OpenCL gather cannot run it");
        }
        if (identity) {
            values.alias(outputs[0], inputs[sources[0]], clock);
            return;
        }
        for (int k = 0; k < GatherMap.MAX_SOURCES; k++) {
            bind(k, k < sources.length ? values.input(inputs[sources[k]], clock) : dummy);
        }
        bind(GatherMap.MAX_SOURCES, values.output(outputs[0]));
        bind(GatherMap.MAX_SOURCES + 1, mapBuffer.buffer);
        if (map.length > 0) {
            ctx.cl.enqueue(ctx.queue, kernel, globalSize, clock.event());
            clock.kernelDone();
        }
        values.deviceWrote(outputs[0]);
    }

    private void bind(int arg, MemorySegment buffer) {
        handle.set(ADDRESS, 0, buffer);
        ctx.cl.setArg(kernel, arg, ADDRESS.byteSize(), handle);
    }

    /** True when the input shapes or parameter values differ from those the map was built for. */
    private boolean changed(Tensor[] inputs) {
        if (map == null) {
            return true;
        }
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t == null) {
                continue;
            }
            if (isSource(i)) {
                if (!Arrays.equals(t.shapeView(), lastShapes[i])) {
                    return true;
                }
            } else if (!t.contentEquals(lastParams[i])) {
                return true;
            }
        }
        return false;
    }

    private boolean rebuild(Tensor[] inputs) {
        int[] m = GatherMap.of(op, inputs, sources);
        if (m == null) {
            return false;
        }
        lastParams = new Tensor[inputs.length];
        lastShapes = new int[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t != null) {
                lastShapes[i] = t.shape();
                lastParams[i] = isSource(i) ? null : t.copy();
            }
        }
        map = m;
        identity = sources.length == 1 && GatherMap.isIdentity(m, inputs[sources[0]].size());
        mapBuffer.replace(values.ints(m), 4L * Math.max(1, m.length));
        globalSize.set(JAVA_LONG, 0, Math.max(1, m.length));
        return true;
    }

    private boolean isSource(int input) {
        for (int s : sources) {
            if (s == input) {
                return true;
            }
        }
        return false;
    }

    private static String shapes(Tensor[] ts) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : ts) {
            sb.append(sb.length() > 0 ? ", " : "").append(t == null ? "absent" : t.dtype() + Arrays.toString(t.shapeView()));
        }
        return sb.toString();
    }

    @Override
    public long lastKernelNanos() {
        return clock.kernelNanos();
    }

    @Override
    public long lastTransferNanos() {
        return clock.transferNanos();
    }
}
