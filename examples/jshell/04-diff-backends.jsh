// Example 4: the same digits through the reference backend and the fast default one; each node's largest
// difference and the first node over a tolerance.
//   bin/ondeck script examples/jshell/04-diff-backends.jsh [TOLERANCE]
// expect: cpu-ref vs
// expect: largest error anywhere:

import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.diff.*;

double tolerance = args.length > 0 ? Double.parseDouble(args[0]) : 1e-4;
Path models = scriptDir.resolve("../models").normalize();
Model model = Model.load(models.resolve("digits_cnn.onnx"));
Tensor images = Tensor.fromNpy(models.resolve("digits/images.npy"));   // (24, 1, 8, 8)
String fast = Backends.defaultName();
try (Session a = model.newSession(SessionOptions.builder().backend("cpu-ref").foldConstants(false).build());
     Session b = model.newSession(SessionOptions.builder().backend(fast).foldConstants(false).build())) {
    DiffReport diff = BackendDiff.compare(a, b, Map.of("image", images));
    System.out.println("cpu-ref vs " + fast + ": " + diff.nodes().size() + " nodes");
    System.out.print(diff.table(tolerance));
    NodeDiff first = diff.firstDivergent(tolerance);
    System.out.println(first == null ? "no node over " + tolerance : "first node over " + tolerance + ": " + first.node());
    System.out.printf(Locale.ROOT, "largest error anywhere: %.3g%n", diff.maxError());
}
