// Example 1: run the bundled digits CNN on 24 held-out digits and print what it predicts.
//   bin/ondeck script examples/jshell/01-run-a-model.jsh
// expect: true      1 5 6 7 3 3 8 5
// expect: accuracy 23/24

Path models = scriptDir.resolve("../models").normalize();
Model model = Model.load(models.resolve("digits_cnn.onnx"));
Tensor images = Tensor.fromNpy(models.resolve("digits/images.npy"));   // (24, 1, 8, 8)
Tensor labels = Tensor.fromNpy(models.resolve("digits/labels.npy"));   // (24,)

int argmax(float[] v, int from, int n) {
    int best = 0;
    for (int k = 1; k < n; k++) {
        best = v[from + k] > v[from + best] ? k : best;
    }
    return best;
}

try (Session session = model.newSession()) {
    float[] logits = session.run(Map.of("image", images)).get("logits").floats();   // (24, 10)
    StringBuilder truth = new StringBuilder("true     ");
    StringBuilder predicted = new StringBuilder("predicted");
    int correct = 0;
    for (int i = 0; i < labels.size(); i++) {
        int p = argmax(logits, i * 10, 10);
        correct += p == labels.getLong(i) ? 1 : 0;
        truth.append(' ').append(labels.getLong(i));
        predicted.append(' ').append(p);
    }
    System.out.println("backend " + session.options().backend());
    System.out.println(truth);
    System.out.println(predicted);
    System.out.println("accuracy " + correct + "/" + labels.size());
}
