package dev.ondeck.backend.opencl;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.plan.ExecutionPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The ONNX backend-test cases issue #8 measures the OpenCL backend on: those of {@code core_suggested.txt}
 * whose ops are all among the list, and whether a case's plan runs every node on OpenCL.
 * {@code main} prints, per eligible case, {@code ALL-OPENCL} or the nodes that fall back.
 */
final class CoreCases {
    static final Set<String> OPS = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul", "MaxPool", "AveragePool",
            "GlobalAveragePool", "Add", "Sub", "Mul", "Div", "Relu", "Clip", "Sigmoid", "Tanh", "HardSigmoid",
            "HardSwish", "LeakyRelu", "Softmax", "BatchNormalization", "LayerNormalization", "Concat", "Reshape",
            "Flatten", "Transpose", "Slice", "Resize");

    private CoreCases() {
    }

    /** Core cases (names) whose every node's op type is in {@link #OPS}. */
    static List<String> eligible(Path onnxBackend) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(onnxBackend.resolve("lists/core_suggested.txt"))) {
            String c = line.trim();
            Path model = onnxBackend.resolve("node").resolve(c).resolve("model.onnx");
            if (c.isEmpty() || !Files.exists(model)) {
                continue;
            }
            try (Model m = Model.load(model)) {
                if (!m.graph().nodes().isEmpty() && m.graph().nodes().stream().allMatch(n -> OPS.contains(n.opType()))) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** The nodes of a case's plan on {@code backend} that do not run on it (empty: entirely on it). */
    static List<String> notOn(String backend, Path model) throws IOException {
        List<String> off = new ArrayList<>();
        try (Model m = Model.load(model); Session s = m.newSession(SessionOptions.builder().backend(backend).build())) {
            ExecutionPlan plan = s.plan();
            for (int i = 0; i < plan.nodeCount(); i++) {
                String where = plan.backendOf(i);
                if (!where.equals(backend) && !where.equals("folded")) {
                    Node n = plan.node(i);
                    off.add(n.opType() + " '" + n.name() + "' on " + where);
                }
            }
        }
        return off;
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        String backend = args.length > 1 ? args[1] : "opencl";
        for (String c : eligible(root)) {
            List<String> off = notOn(backend, root.resolve("node").resolve(c).resolve("model.onnx"));
            System.out.println(c + " " + (off.isEmpty() ? "ALL-OPENCL" : "FALLBACK " + off));
        }
    }
}
