package dev.ondeck.engine;

import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random inputs shaped by a model's declared inputs, for profiling and diffing without data files.
 * Floats are uniform in [-1, 1); integers uniform in [0, 10); bools fair coins. Symbolic or unknown dims
 * take their value from {@code shapes} (a full shape per input name) or default to 1.
 */
public final class RandomInputs {
    /** The seed used when none is given, so that runs are repeatable by default. */
    public static final long DEFAULT_SEED = 42;

    private RandomInputs() {
    }

    /** Random inputs for every model input with {@link #DEFAULT_SEED} and no shape overrides. */
    public static Map<String, Tensor> of(Model model) {
        return of(model, DEFAULT_SEED, Collections.<String, int[]>emptyMap());
    }

    /**
     * Random inputs for every model input.
     *
     * @param shapes full shapes by input name, overriding the declared ones (needed for symbolic dims)
     */
    public static Map<String, Tensor> of(Model model, long seed, Map<String, int[]> shapes) {
        for (String name : shapes.keySet()) {
            if (model.inputs().stream().noneMatch(v -> v.name().equals(name))) {
                throw new InvalidInputException("--shape names unknown input '" + name + "'; expected one of "
                        + model.inputs().stream().map(ValueInfo::name).collect(java.util.stream.Collectors.toList()));
            }
        }
        Random rnd = new Random(seed);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (ValueInfo v : model.inputs()) {
            out.put(v.name(), random(v, shapes.get(v.name()), rnd));
        }
        return out;
    }

    private static Tensor random(ValueInfo v, int[] given, Random rnd) {
        TensorType type = v.type();
        if (type == null) {
            throw new InvalidInputException("input '" + v.name() + "' has no declared type; pass a .npy file for it");
        }
        int[] shape = given != null ? given : type.shape();
        if (shape == null) {
            throw new InvalidInputException("input '" + v.name() + "' has unknown rank; give --shape " + v.name() + "=d0,d1,...");
        }
        shape = shape.clone();
        int[] declared = type.shape();
        if (given != null && declared != null) {
            boolean ok = declared.length == given.length;
            for (int i = 0; ok && i < given.length; i++) {
                ok = declared[i] < 0 || declared[i] == given[i];
            }
            if (!ok) {
                throw new InvalidInputException("--shape for '" + v.name() + "' is " + Arrays.toString(given)
                        + ", the model declares " + type.shapeString());
            }
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                shape[i] = 1;
            }
        }
        Tensor t = Tensor.allocate(type.dtype(), shape);
        for (int i = 0; i < t.size(); i++) {
            if (type.dtype().isFloating()) {
                t.setDouble(i, rnd.nextFloat() * 2 - 1);
            } else if (type.dtype() == DType.BOOL) {
                t.setLong(i, rnd.nextBoolean() ? 1 : 0);
            } else {
                t.setLong(i, rnd.nextInt(10));
            }
        }
        return t;
    }
}
