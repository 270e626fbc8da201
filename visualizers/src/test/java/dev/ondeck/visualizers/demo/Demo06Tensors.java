package dev.ondeck.visualizers.demo;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.inspect.TensorStats;
import dev.ondeck.visualizers.Charts;
import dev.ondeck.visualizers.FromEngine;

/** An activation inside the model: a histogram of its values and its channels as heatmaps. */
public final class Demo06Tensors {
    public static void main(String[] args) throws Exception {
        DemoData d = DemoData.from(args);
        String name = d.stemActivation();
        Model m = d.withOutputs(name);
        Tensor act;
        try (Session s = m.newSession("cpu-ref"); Result r = s.run(d.inputs)) {
            act = r.get(name).copy();
        }
        Tensor maps = d.tiny ? d.inputs.get("image") : act;
        d.wrote(Charts.histogram(FromEngine.histogram(name + " values", TensorStats.of(act, 40))).write(d.file("06-histogram.png")),
                Charts.featureMaps(FromEngine.featureMaps(d.tiny ? "image" : name, maps), 32).write(d.file("06-feature-maps.png")));
    }
}
