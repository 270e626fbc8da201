// Example 3: profile the digits CNN (a progress bar while it runs), print the slowest nodes and show the
// profile's charts (saved with --out DIR).
//   bin/ondeck script --out /tmp/profile examples/jshell/03-profile.jsh [RUNS]
// expect: 13/13 (100%), timed run
// expect: Conv
// expect: image/png

int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
Path models = scriptDir.resolve("../models").normalize();
Model model = Model.load(models.resolve("digits_cnn.onnx"));
Tensor images = Tensor.fromNpy(models.resolve("digits/images.npy"));   // (24, 1, 8, 8)
try (Session session = model.newSession()) {
    ProfileReport report = session.profile(Map.of("image", images), 3, runs, progress("profiling")::update);
    System.out.print(report.table(6));
    display(report);
}
