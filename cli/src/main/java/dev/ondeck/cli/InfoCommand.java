package dev.ondeck.cli;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.UnsupportedOpsException;
import dev.ondeck.engine.ValueInfo;
import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.graph.Graph;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.onnx.OnnxDecoder;
import dev.ondeck.engine.onnx.OnnxImporter;
import dev.ondeck.engine.onnx.OnnxProto;
import dev.ondeck.engine.plan.ExecutionPlan;
import dev.ondeck.engine.plan.PlanOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ondeck info MODEL}: what a model takes and gives, what it is made of, and what it costs. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show a model's inputs, outputs (symbolic dims by name), opsets, IR version, producer, "
                + "op histogram, parameter count and a FLOP estimate from the shapes inferred at prepare time.",
            "Conv/Gemm/MatMul count 2 FLOPs per multiply-accumulate, elementwise ops 1 per element."})
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The .onnx file.")
    Path modelPath;

    @Option(names = "--dim", paramLabel = "NAME=SIZE",
            description = "Bind a symbolic dim for the FLOP estimate, e.g. --dim batch=1 (repeatable).")
    Map<String, Integer> dims = new LinkedHashMap<>();

    private boolean boundAny;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Model loaded;
        try {
            loaded = Ondeck.loadModel(modelPath);
        } catch (UnsupportedOpsException e) {
            OnnxProto.Model proto = OnnxDecoder.decodeModel(Files.readAllBytes(modelPath));
            header(out, proto.irVersion, (proto.producerName + " " + proto.producerVersion).trim(), OnnxImporter.opsets(proto));
            List<String> ops = new ArrayList<>();
            proto.graph.nodes.forEach(n -> ops.add(n.domain.isEmpty() || n.domain.equals("ai.onnx") ? n.opType : n.domain + "::" + n.opType));
            histogram(out, ops);
            out.flush();
            throw e;
        }
        try (Model model = loaded) {
            Graph graph = bind(model.graph());
            header(out, model.irVersion(), model.producer(), model.opsets());
            out.println("inputs");
            values(out, model.inputs());
            out.println("outputs");
            values(out, model.outputs());
            parameters(out, model);
            List<String> ops = new ArrayList<>();
            model.nodes().forEach(n -> ops.add(n.domain().isEmpty() ? n.opType() : n.domain() + "::" + n.opType()));
            histogram(out, ops);
            flops(out, graph, boundAny);
        }
        return 0;
    }

    private Graph bind(Graph g) {
        if (dims.isEmpty()) {
            return g;
        }
        List<ValueInfo> inputs = new ArrayList<>();
        for (ValueInfo v : g.inputs()) {
            inputs.add(new ValueInfo(v.name(), bindType(v.type())));
        }
        return new Graph(g.name(), g.nodes(), inputs, g.outputs(), g.initializers(), g.declaredTypes(), g.outerReferences());
    }

    private TensorType bindType(TensorType t) {
        if (t == null || t.shape() == null || t.dimNames() == null) {
            return t;
        }
        int[] shape = t.shape();
        String[] names = t.dimNames();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0 && names[i] != null && dims.containsKey(names[i])) {
                shape[i] = dims.get(names[i]);
                boundAny = true;
            }
        }
        return new TensorType(t.dtype(), shape, names);
    }

    private static void values(PrintWriter out, List<ValueInfo> values) {
        int width = 1;
        for (ValueInfo v : values) {
            width = Math.max(width, v.name().length());
        }
        for (ValueInfo v : values) {
            out.printf("  %-" + width + "s  %s%n", v.name(), v.type() == null ? "(type not declared)" : v.type());
        }
    }

    private static void parameters(PrintWriter out, Model model) {
        long count = 0;
        long bytes = 0;
        for (Tensor t : model.graph().initializers().values()) {
            count += t.size();
            bytes += (long) t.size() * t.dtype().byteSize();
        }
        out.printf(Locale.ROOT, "parameters  %,d (%s in %d initializers)%n", count, size(bytes),
                model.graph().initializers().size());
    }

    private static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        return bytes < 1 << 20 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }

    private void header(PrintWriter out, long irVersion, String producer, Map<String, Integer> opsetMap) {
        out.printf("model       %s%n", modelPath);
        out.printf("ir version  %d%n", irVersion);
        out.printf("producer    %s%n", producer.isEmpty() ? "(none)" : producer);
        List<String> opsets = new ArrayList<>();
        opsetMap.forEach((d, v) -> opsets.add((d.isEmpty() ? "ai.onnx" : d) + " " + v));
        out.printf("opsets      %s%n", String.join(", ", opsets));
    }

    private static void histogram(PrintWriter out, List<String> ops) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String op : ops) {
            counts.merge(op, 1, Integer::sum);
        }
        out.printf("ops         %d nodes, %d op types%n", ops.size(), counts.size());
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> out.printf("  %-22s %d%n", e.getKey(), e.getValue()));
    }

    private void flops(PrintWriter out, Graph graph, boolean bound) {
        ExecutionPlan plan = new ExecutionPlan(graph, Backends.find(Backends.REFERENCE), PlanOptions.defaults());
        long total = 0;
        int unknown = 0;
        int folded = 0;
        for (int n = 0; n < plan.nodeCount(); n++) {
            if (plan.isFolded(n)) {
                folded++;
                continue;
            }
            long f = FlopCount.of(plan, n);
            if (f < 0) {
                unknown++;
            } else {
                total += f;
            }
        }
        String note = folded > 0 ? String.format(" (%d constant nodes folded at prepare)", folded) : "";
        if (unknown == 0) {
            out.printf("FLOPs       %s per run%s%s%n", FlopCount.format(total),
                    bound ? " with " + dims : "", note);
        } else {
            out.printf("FLOPs (static shapes only)  %s over %d of %d nodes; %d nodes have symbolic or data-dependent "
                    + "shapes%s%n", FlopCount.format(total), plan.nodeCount() - unknown - folded,
                    plan.nodeCount() - folded, unknown, bound ? "" : " (bind dims with --dim NAME=SIZE)");
        }
    }
}
