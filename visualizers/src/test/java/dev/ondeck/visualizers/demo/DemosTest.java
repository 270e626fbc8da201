package dev.ondeck.visualizers.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every demo runs on the tiny model and writes its files. */
class DemosTest {
    @Test
    void everyDemoWritesItsFiles(@TempDir Path dir) throws Exception {
        String[] args = {dir.toString(), "--tiny"};
        Demo01ProfileBars.main(args);
        Demo02Timeline.main(args);
        Demo03BackendComparison.main(args);
        Demo04Roofline.main(args);
        Demo05Memory.main(args);
        Demo06Tensors.main(args);
        Demo07NodeErrors.main(args);
        Demo08ModelGraph.main(args);
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            for (String prefix : List.of("01-latency.png", "01-op-types.png", "02-timeline.png", "03-backends.png",
                    "04-roofline.png", "05-memory.png", "06-histogram.png", "06-feature-maps.png", "07-node-errors.png",
                    "08-graph-time.svg", "08-graph.html")) {
                assertTrue(names.contains(prefix), prefix + " in " + names);
            }
        }
    }
}
