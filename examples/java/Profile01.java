import dev.ondeck.engine.Model;
import dev.ondeck.engine.ProgressListener;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.profile.ProfileReport;
import dev.ondeck.visualizers.EngineCharts;
import dev.ondeck.visualizers.Figure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Example 2, profile: time every node of the digits CNN over 20 runs on the default backend, print the
 * slowest nodes, and save the profile's charts (slowest nodes, op types, timeline, memory) as PNG files.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp "cli/target/classes:cli/target/lib/*" examples/java/Profile01.java [MODELS_DIR] [OUT_DIR]</pre>
 */
public final class Profile01 {
    // expect: progress: 25/25 timed run
    // expect: Conv
    // expect: charts written to

    private Profile01() {
    }

    public static void main(String[] args) throws IOException {
        Path models = Path.of(args.length > 0 ? args[0] : "examples/models");
        Path out = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "profile01-out"));
        Tensor images = Tensor.fromNpy(models.resolve("digits/images.npy"));   // (24, 1, 8, 8)
        ProgressListener progress = (task, done, total) -> {
            if (done % 5 == 0) {
                System.out.println("progress: " + done + "/" + total + " " + task);
            }
        };
        try (Model model = Model.load(models.resolve("digits_cnn.onnx"));
             Session session = model.newSession()) {
            ProfileReport report = session.profile(Map.of("image", images), 5, 20, progress);
            System.out.print(report.table(8));
            List<Figure> charts = EngineCharts.profile(report);
            for (int i = 0; i < charts.size(); i++) {
                charts.get(i).write(out.resolve(String.format("profile-%d.png", i + 1)));
            }
            System.out.println(charts.size() + " charts written to " + out);
        }
    }
}
