// Example 2: look inside the digits CNN: its inputs, outputs and ops, then the statistics and heatmap of
// the first node's output. With --out DIR the pictures are saved there.
//   bin/ondeck script --out /tmp/inspect examples/jshell/02-inspect.jsh
// expect: inputs:
// expect: ops:
// expect: first node: /body/body.0/Conv (Conv)
// expect: [image/png saved to

Path models = scriptDir.resolve("../models").normalize();
Model model = Model.load(models.resolve("digits_cnn.onnx"));
System.out.println("inputs:  " + model.inputs());
System.out.println("outputs: " + model.outputs());
Map<String, Long> ops = new TreeMap<>();
model.nodes().forEach(n -> ops.merge(n.opType(), 1L, Long::sum));
System.out.println("ops:     " + ops);

Tensor images = Tensor.fromNpy(models.resolve("digits/images.npy"));   // (24, 1, 8, 8)
try (Session session = model.newSession("cpu-ref"); Debugger d = session.debug(Map.of("image", images))) {
    NodeView first = d.current();                                       // stopped before the first node
    System.out.println("first node: " + first.name() + " (" + first.opType() + ")");
    d.step();
    Tensor features = d.tensor(first.outputNames().get(0));             // (24, C, 8, 8)
    System.out.println("its output " + Arrays.toString(features.shape()) + ": " + TensorStats.of(features));
    display(features);
}
