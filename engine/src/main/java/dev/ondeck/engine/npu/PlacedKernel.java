package dev.ondeck.engine.npu;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.FusingKernel;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ExecContext;
import dev.ondeck.engine.quant.Half;
import java.util.function.Predicate;

/**
 * A node's kernel on {@code npu-emu}, labelled with its placement. Before it executes, it records the inputs that
 * arrive from another segment ({@link PartitionReport.HandOff}s whose first reader it is) in the
 * {@link HandOffCounter}; a node on the NPU through a float16-relaxed profile then has its float32 outputs rounded
 * to float16 ({@link PartitionReport.Placement#float16()}), as an fp16 NPU would store them. It absorbs a
 * following node (fusion) only when that node is placed the same way, so fusion never moves a node across a
 * segment boundary.
 */
class PlacedKernel implements Kernel {
    final Kernel delegate;
    final String label;
    final boolean onNpu;
    final boolean float16;
    final int[] handOffInputs;
    final String[] handOffNames;
    final HandOffCounter counter;
    final Predicate<Node> samePlacement;

    PlacedKernel(Kernel delegate, String label, boolean onNpu, boolean float16, int[] handOffInputs, String[] handOffNames,
                 HandOffCounter counter, Predicate<Node> samePlacement) {
        this.delegate = delegate;
        this.label = label;
        this.onNpu = onNpu;
        this.float16 = float16;
        this.handOffInputs = handOffInputs;
        this.handOffNames = handOffNames;
        this.counter = counter;
        this.samePlacement = samePlacement;
    }

    /** The placed kernel, fusing when the delegate fuses. */
    static Kernel of(Kernel delegate, String label, boolean onNpu, boolean float16, int[] handOffInputs, String[] handOffNames,
                     HandOffCounter counter, Predicate<Node> samePlacement) {
        return delegate instanceof FusingKernel
                ? new Fusing(delegate, label, onNpu, float16, handOffInputs, handOffNames, counter, samePlacement)
                : new PlacedKernel(delegate, label, onNpu, float16, handOffInputs, handOffNames, counter, samePlacement);
    }

    @Override
    public void execute(Tensor[] inputs, Tensor[] outputs, ExecContext ctx) {
        for (int i = 0; i < handOffInputs.length; i++) {
            counter.record(handOffNames[i], inputs[handOffInputs[i]], onNpu);
        }
        delegate.execute(inputs, outputs, ctx);
        if (float16) {
            for (Tensor out : outputs) {
                if (out != null && out.dtype() == DType.FLOAT) {
                    float[] v = out.floats();
                    for (int i = 0, n = out.size(); i < n; i++) {
                        v[i] = Half.round(v[i]);
                    }
                }
            }
        }
    }

    @Override
    public String backendLabel() {
        return label;
    }

    /** The fusing form: absorbs only nodes placed like its own. */
    static final class Fusing extends PlacedKernel implements FusingKernel {
        Fusing(Kernel delegate, String label, boolean onNpu, boolean float16, int[] handOffInputs, String[] handOffNames,
               HandOffCounter counter, Predicate<Node> samePlacement) {
            super(delegate, label, onNpu, float16, handOffInputs, handOffNames, counter, samePlacement);
        }

        @Override
        public Kernel absorb(Node next, TensorType[] nextInputTypes, Tensor[] nextConstants) {
            return absorb(next, 0, nextInputTypes, nextConstants);
        }

        @Override
        public Kernel absorb(Node next, int input, TensorType[] nextInputTypes, Tensor[] nextConstants) {
            if (!samePlacement.test(next)) {
                return null;
            }
            Kernel fused = ((FusingKernel) delegate).absorb(next, input, nextInputTypes, nextConstants);
            return fused == null ? null : of(fused, label, onNpu, float16, handOffInputs, handOffNames, counter, samePlacement);
        }
    }
}
