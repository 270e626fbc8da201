package dev.ondeck.kernel.engine;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.ValueInfo;
import dev.ondeck.engine.profile.ProfileReport;
import dev.ondeck.kernel.display.ProgressBar;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * What {@code %profile} runs: a profile of a model on seeded random inputs, through the public API only, with a
 * progress bar that updates in place as the runs finish.
 */
public final class ModelProfiler {
    private ModelProfiler() {
    }

    /** Profiles {@code model} on the default backend: {@code warmup} runs, then {@code runs} timed runs. */
    public static ProfileReport profile(Model model, int warmup, int runs) {
        try (Session session = model.newSession()) {
            return profile(session, warmup, runs);
        }
    }

    /** Profiles an open session. */
    public static ProfileReport profile(Session session, int warmup, int runs) {
        ProgressBar bar = ProgressBar.show("profiling");
        return session.profile(randomInputs(session.model()), warmup, runs, bar::update);
    }

    /** Seeded random inputs for every graph input; unknown or symbolic dims become 1. */
    public static Map<String, Tensor> randomInputs(Model model) {
        Random rnd = new Random(42);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (ValueInfo v : model.inputs()) {
            int[] shape = v.type().hasRank() ? v.type().shape().clone() : new int[0];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shape[i] > 0 ? shape[i] : 1;
            }
            DType dtype = v.type().dtype();
            Tensor t = Tensor.allocate(dtype, shape);
            for (int i = 0; i < t.size(); i++) {
                if (dtype.isFloating()) {
                    t.setDouble(i, rnd.nextGaussian());
                } else {
                    t.setLong(i, rnd.nextInt(2));
                }
            }
            inputs.put(v.name(), t);
        }
        return inputs;
    }
}
