import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.debug.Breakpoint;
import dev.ondeck.engine.debug.Debugger;
import dev.ondeck.engine.debug.NodeView;
import dev.ondeck.engine.debug.StopEvent;
import dev.ondeck.engine.inspect.TensorStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Example 4, step through: stop the digits CNN before its first Relu, look at the value going in, then ask
 * "what if": zero that value and see what the network predicts instead.
 *
 * <pre>java -cp "cli/target/classes:cli/target/lib/*" examples/java/Debug01.java [MODELS_DIR]</pre>
 */
public final class Debug01 {
    // expect: stopped before
    // expect: (Relu)
    // expect: prediction as trained:
    // expect: prediction with the value zeroed:

    private Debug01() {
    }

    public static void main(String[] args) throws IOException {
        Path models = Path.of(args.length > 0 ? args[0] : "examples/models");
        Tensor images = Tensor.fromNpy(models.resolve("digits/images.npy"));   // (24, 1, 8, 8)
        try (Model model = Model.load(models.resolve("digits_cnn.onnx"));
             Session session = model.newSession("cpu-ref");
             Debugger debugger = session.debug(Map.of("image", images))) {
            System.out.println("prediction as trained: " + predictions(debugger.continueRun(), debugger));

            debugger.restart();
            debugger.addBreakpoint(Breakpoint.onOpType("Relu"));
            StopEvent stop = debugger.continueRun();
            NodeView node = debugger.current();
            System.out.println("stopped before " + stop.node() + " (" + node.opType() + ")");
            String input = node.inputNames().get(0);
            Tensor value = debugger.tensor(input);
            System.out.println("  " + input + " " + java.util.Arrays.toString(value.shape()) + ": " + TensorStats.of(value));

            debugger.override(input, Tensor.allocate(value.dtype(), value.shape()));
            debugger.clearBreakpoints();
            System.out.println("prediction with the value zeroed: " + predictions(debugger.continueRun(), debugger));
        }
    }

    private static String predictions(StopEvent end, Debugger debugger) {
        if (!end.isFinished()) {
            throw new IllegalStateException("expected the run to finish, stopped at " + end);
        }
        float[] logits = debugger.result().get("logits").floats();   // (24, 10)
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            int best = 0;
            for (int k = 1; k < 10; k++) {
                best = logits[i * 10 + k] > logits[i * 10 + best] ? k : best;
            }
            sb.append(' ').append(best);
        }
        return sb.append(" ...").toString();
    }
}
