package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.FusingKernel;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ConvOps;
import dev.ondeck.engine.ops.ExecContext;
import java.util.Arrays;

/**
 * Float32 2-D depthwise convolution (one input channel per output channel, unit dilations) plane by plane on
 * the backend's {@link DepthwisePlane}, planes split over the intra-op pool (or whole images channels-last,
 * {@link DepthwiseChannelsLast}, where the plane says so). Absorbs a following clamp (Relu,
 * Clip), HardSwish, or a self-gated product (SiLU {@code x * Sigmoid(x)}) into the planes' epilogue.
 */
final class DepthwiseKernel implements FusingKernel {
    private final ConvOps.Conv conv;
    private final DepthwisePlane planes;
    private final IntraOpPool pool;
    private final Epilogue epilogue;
    private final int[] in3 = new int[3];
    private int[] lastX;
    private int[] lastW;
    private ConvOps.Geometry geo;
    /** Set where {@link DepthwisePlane#channelsLast} chose whole images channels-last for this shape. */
    private DepthwiseChannelsLast channelsLast;

    private DepthwiseKernel(ConvOps.Conv conv, DepthwisePlane planes, IntraOpPool pool, Epilogue epilogue) {
        this.conv = conv;
        this.planes = planes;
        this.pool = pool;
        this.epilogue = epilogue;
    }

    /**
     * The kernel for a Conv whose input X (N, C, H, W) and weight (C, 1, KH, KW) are static at prepare time,
     * with group = C and unit dilations; null for any other convolution.
     */
    static Kernel of(ConvOps.Conv conv, TensorType[] in, DepthwisePlane planes, IntraOpPool pool) {
        if (in.length < 2 || in[0] == null || in[1] == null || !in[0].isStatic() || !in[1].isStatic() || in[0].rank() != 4
                || in[1].rank() != 4) {
            return null;
        }
        int[] xs = in[0].shape();
        int[] ws = in[1].shape();
        if (ws[1] != 1 || ws[0] != conv.group() || xs[1] != conv.group()) {
            return null;
        }
        ConvOps.Geometry g = conv.geometry3d(xs, ws, new int[3]);
        for (int d : g.dilations()) {
            if (d != 1) {
                return null;
            }
        }
        return new DepthwiseKernel(conv, planes, pool, Epilogue.NONE);
    }

    @Override
    public Kernel absorb(Node next, TensorType[] types, Tensor[] constants) {
        Epilogue e = EpilogueFusion.absorb(epilogue, next, constants);
        return e == null ? null : new DepthwiseKernel(conv, planes, pool, e);
    }

    @Override
    public Kernel absorbGated(Node gate, Node product, TensorType[] productTypes) {
        Epilogue e = EpilogueFusion.absorbGated(epilogue, gate, product, productTypes);
        return e == null ? null : new DepthwiseKernel(conv, planes, pool, e);
    }

    @Override
    public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
        int[] xs = in[0].shapeView();
        int[] ws = in[1].shapeView();
        if (!Arrays.equals(xs, lastX) || !Arrays.equals(ws, lastW)) {
            geo = conv.geometry3d(xs, ws, in3);
            lastX = xs.clone();
            lastW = ws.clone();
            channelsLast = planes.channelsLast(xs[1], xs[2] * xs[3], geo.out()[1] * geo.out()[2]) ? new DepthwiseChannelsLast() : null;
        }
        float[] x = in[0].floats();
        float[] w = in[1].floats();
        float[] bias = in.length > 2 && in[2] != null ? in[2].floats() : null;
        float[] y = out[0].floats();
        int c = xs[1];
        if (channelsLast != null) {
            channelsLast.run(x, w, bias, y, xs[0], c, in3, geo, epilogue, pool);
            return;
        }
        int tasks = xs[0] * c;
        int per = Math.max(1, tasks / (pool.threads() * 4));
        ConvOps.Geometry g = geo;
        pool.run((tasks + per - 1) / per, t -> {
            for (int plane = t * per; plane < Math.min(tasks, (t + 1) * per); plane++) {
                int ch = plane % c;
                planes.plane(x, w, ch, bias == null ? 0f : bias[ch], y, plane, in3, g, epilogue);
            }
        });
    }
}
