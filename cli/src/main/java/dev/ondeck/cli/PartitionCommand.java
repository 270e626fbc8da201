package dev.ondeck.cli;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.npu.NpuPartitioner;
import dev.ondeck.engine.npu.NpuProfile;
import dev.ondeck.engine.npu.PartitionReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ondeck partition MODEL [--npu-profile FILE]}: which nodes an NPU would take, and why the rest fall back. */
@Command(name = "partition", mixinStandardHelpOptions = true,
        description = {"Partition a model into NPU segments and CPU fallbacks under an NPU capability profile "
                + "(default: the bundled NNAPI-like one): every node with its placement and reason, the segments, "
                + "and the tensor hand-offs between them. Nothing is run; no timings are claimed."})
final class PartitionCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The .onnx file (a QDQ model from ondeck quantize).")
    Path modelPath;

    @Option(names = "--npu-profile", paramLabel = "FILE", description = "Capability profile (name, dtypes, op lines).")
    Path profileFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        NpuProfile profile = profileFile == null ? NpuProfile.nnapiLike() : NpuProfile.load(profileFile);
        try (Model model = Ondeck.loadModel(modelPath)) {
            PartitionReport r = NpuPartitioner.partition(model, profile);
            spec.commandLine().getOut().print(r.table());
        }
        return 0;
    }
}
