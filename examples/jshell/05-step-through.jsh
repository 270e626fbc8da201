// Example 5: step through the digits CNN node by node, then stop at the first Relu and ask "what if" its
// input were zero.
//   bin/ondeck script examples/jshell/05-step-through.jsh
// expect: step 1:
// expect: stopped before
// expect: what-if prediction for digit 0:

Path models = scriptDir.resolve("../models").normalize();
Model model = Model.load(models.resolve("digits_cnn.onnx"));
Tensor images = Tensor.fromNpy(models.resolve("digits/images.npy"));   // (24, 1, 8, 8)

int firstPrediction(Debugger d) {
    float[] logits = d.result().get("logits").floats();                // (24, 10)
    int best = 0;
    for (int k = 1; k < 10; k++) {
        best = logits[k] > logits[best] ? k : best;
    }
    return best;
}

try (Session session = model.newSession("cpu-ref"); Debugger d = session.debug(Map.of("image", images))) {
    for (int i = 1; i <= 3; i++) {
        NodeView v = d.current();
        System.out.println("step " + i + ": " + v.name() + " (" + v.opType() + ") -> " + v.outputNames());
        d.step();
    }
    d.continueRun();
    System.out.println("prediction for digit 0: " + firstPrediction(d));

    d.restart();
    d.addBreakpoint(Breakpoint.onOpType("Relu"));
    StopEvent stop = d.continueRun();
    System.out.println("stopped before " + stop.node());
    String input = d.current().inputNames().get(0);
    Tensor value = d.tensor(input);
    d.override(input, Tensor.allocate(value.dtype(), value.shape()));
    d.clearBreakpoints();
    d.continueRun();
    System.out.println("what-if prediction for digit 0: " + firstPrediction(d) + " (with " + input + " zeroed)");
}
