import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.inspect.TensorStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Example 1, inspect: load the bundled digits CNN, list its inputs, outputs and ops, classify 24 held-out
 * digits and look at the logits' statistics.
 *
 * <pre>java -cp "cli/target/classes:cli/target/lib/*" examples/java/Inspect01.java [MODELS_DIR]</pre>
 *
 * MODELS_DIR defaults to {@code examples/models} (run from the repository root).
 */
public final class Inspect01 {
    // expect: inputs:  [image: float32[batch,1,8,8]]
    // expect: accuracy 23/24
    // expect: logits: 240 values

    private Inspect01() {
    }

    public static void main(String[] args) throws IOException {
        Path models = Path.of(args.length > 0 ? args[0] : "examples/models");
        try (Model model = Model.load(models.resolve("digits_cnn.onnx"));
             Session session = model.newSession("cpu-ref")) {
            System.out.println("inputs:  " + model.inputs());
            System.out.println("outputs: " + model.outputs());
            Map<String, Integer> ops = new TreeMap<>();
            for (Node n : model.nodes()) {
                ops.merge(n.opType(), 1, Integer::sum);
            }
            System.out.println("ops:     " + ops);

            Tensor images = Tensor.fromNpy(models.resolve("digits/images.npy"));   // (24, 1, 8, 8)
            Tensor labels = Tensor.fromNpy(models.resolve("digits/labels.npy"));   // (24,)
            Tensor logits = session.run(Map.of("image", images)).get("logits");   // (24, 10)
            int correct = 0;
            for (int i = 0; i < labels.size(); i++) {
                correct += argmax(logits.floats(), i * 10, 10) == labels.getLong(i) ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "accuracy %d/%d%n", correct, labels.size());

            TensorStats stats = TensorStats.of(logits);
            System.out.printf(Locale.ROOT, "logits: %d values, min %.3f, max %.3f, mean %.3f, std %.3f%n",
                    stats.count(), stats.min(), stats.max(), stats.mean(), stats.std());
        }
    }

    static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int k = 1; k < n; k++) {
            best = v[from + k] > v[from + best] ? k : best;
        }
        return best;
    }
}
