package dev.ondeck.engine.plan;

import dev.ondeck.engine.Limits;
import dev.ondeck.engine.NodeException;
import dev.ondeck.engine.OndeckException;
import dev.ondeck.engine.SizeLimitException;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.ValueInfo;
import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.backend.FusingKernel;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.backend.PlanGraph;
import dev.ondeck.engine.graph.Graph;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.ops.ConvOps;
import dev.ondeck.engine.ops.NormalizationOps;
import dev.ondeck.engine.ops.ShapeException;
import dev.ondeck.engine.ops.ShapeOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A graph prepared for one backend: every value gets a slot, shapes are inferred as far as the declared
 * input shapes and constants allow (validating every node at prepare time), constant subexpressions are
 * folded, and each node gets a kernel (falling back to {@code cpu-ref} where the backend has none).
 */
public final class ExecutionPlan {
    private final Graph graph;
    private final Backend backend;
    private final Backend reference;
    private final PlanOptions options;
    private PlanGraph planGraph;
    private final Map<String, Integer> slotOf = new HashMap<>();
    private final List<String> slotNames = new ArrayList<>();
    private final Node[] nodes;
    private final int[][] inputSlots;
    private final int[][] outputSlots;
    private TensorType[] slotTypes;
    private Tensor[] constants;
    private final boolean[] folded;
    private final Kernel[] kernels;
    private final String[] backendOf;
    private final int[] fusedInto;
    private final int[] inputSlotsOfGraph;
    private final int[] outputSlotsOfGraph;
    private final int[] outerSlots;
    private final String[] outerNames;
    private final Map<Graph, ExecutionPlan> subplans = new IdentityHashMap<>();
    private final int[] seenAlias;
    private final boolean[] keptOutOfArena;
    private volatile MemoryPlan memory;
    private ConcatPlacement concats;

    /** Prepares a graph for a backend. */
    public ExecutionPlan(Graph graph, Backend backend, PlanOptions options) {
        this.graph = graph;
        this.backend = backend;
        this.reference = backend.name().equals(Backends.REFERENCE) ? backend : Backends.find(Backends.REFERENCE);
        this.options = options;
        for (ValueInfo v : graph.inputs()) {
            slot(v.name());
        }
        for (String name : graph.initializers().keySet()) {
            slot(name);
        }
        outerNames = graph.outerReferences().toArray(new String[0]);
        outerSlots = new int[outerNames.length];
        for (int i = 0; i < outerNames.length; i++) {
            outerSlots[i] = slot(outerNames[i]);
        }
        List<Node> list = graph.nodes();
        nodes = list.toArray(new Node[0]);
        inputSlots = new int[nodes.length][];
        outputSlots = new int[nodes.length][];
        for (int n = 0; n < nodes.length; n++) {
            inputSlots[n] = slotsFor(nodes[n].inputs());
            outputSlots[n] = slotsFor(nodes[n].outputs());
        }
        inputSlotsOfGraph = graph.inputs().stream().mapToInt(v -> slotOf.get(v.name())).toArray();
        outputSlotsOfGraph = graph.outputs().stream().mapToInt(v -> slot(v.name())).toArray();
        slotTypes = new TensorType[slotNames.size()];
        constants = new Tensor[slotNames.size()];
        folded = new boolean[nodes.length];
        kernels = new Kernel[nodes.length];
        backendOf = new String[nodes.length];
        fusedInto = new int[nodes.length];
        Arrays.fill(fusedInto, -1);
        for (ValueInfo v : graph.inputs()) {
            slotTypes[slotOf.get(v.name())] = withFixedDims(v.type(), options.fixedDims());
        }
        for (Map.Entry<String, Tensor> e : graph.initializers().entrySet()) {
            int s = slotOf.get(e.getKey());
            constants[s] = e.getValue();
            slotTypes[s] = TensorType.of(e.getValue().dtype(), e.getValue().shape());
        }
        inferAndFold();
        if (options.foldConstants() && backend != reference) {
            foldBatchNorms();
            if (backend.fusesPatterns()) {
                fuseLayerNorms();
            }
        }
        for (int n = 0; n < nodes.length; n++) {
            if (!folded[n] && kernels[n] == null) {
                chooseKernel(n);
            }
            if (fusedInto[n] >= 0) {
                kernels[n] = null;
                backendOf[n] = backendOf[fusedInto[n]];
            }
        }
        if (options.foldConstants()) {
            fuse();
        }
        concats = ConcatPlacement.of(this, options.foldConstants() && backend != reference ? readerCounts() : null);
        for (int n = 0; n < nodes.length; n++) {
            if (concats.inPlace[n]) {
                backendOf[n] = backendOf[n] + " (in place)";
            }
        }
        seenAlias = new int[slotNames.size()];
        Arrays.fill(seenAlias, -1);
        keptOutOfArena = new boolean[slotNames.size()];
        memory = MemoryPlan.layOut(this, seenAlias, keptOutOfArena);
    }

    /**
     * Lets a {@link FusingKernel} absorb the node that is the only reader of its only output (not a graph
     * output), as any one of its inputs; the absorbed node's output then aliases the producer's (its input
     * slots list the producer's output first, which the runtime aliases). The absorbing
     * kernel computes that node early, which it may only do from constants and the producer's own inputs and
     * output (what {@link FusingKernel#absorb} checks).
     */
    private void fuse() {
        int[] readers = readerCounts();
        int[] readerOf = firstReaders();
        for (int n = 0; n < nodes.length; n++) {
            boolean absorbed = true;
            while (absorbed) {
                absorbed = absorbNext(n, readers, readerOf);
            }
        }
    }

    /**
     * Lets node {@code n}'s kernel absorb the only reader at the end of its chain of absorbed nodes (so that a
     * kernel may take several in turn, e.g. a MatMul its bias Add, then a Relu); whether it did.
     */
    private boolean absorbNext(int n, int[] readers, int[] readerOf) {
        if (folded[n] || fusedInto[n] >= 0 || !(kernels[n] instanceof FusingKernel) || outputSlots[n].length != 1
                || outputSlots[n][0] < 0) {
            return false;
        }
        int s = outputSlots[n][0];
        if (readers[s] == 2) {
            fuseGated(n, s, readers, readerOf);
        }
        if (readers[s] != 1) {
            return false;
        }
        while (readers[s] == 1 && fusedInto[readerOf[s]] == n && outputSlots[readerOf[s]][0] >= 0) {
            s = outputSlots[readerOf[s]][0];
        }
        if (readers[s] != 1) {
            return false;
        }
        int next = readerOf[s];
        int input = indexOf(inputSlots[next], s);
        if (next <= n || folded[next] || fusedInto[next] >= 0 || outputSlots[next].length != 1 || outputSlots[next][0] < 0
                || input < 0) {
            return false;
        }
        TensorType[] types = new TensorType[inputSlots[next].length];
        Tensor[] values = new Tensor[types.length];
        for (int i = 0; i < types.length; i++) {
            int in = inputSlots[next][i];
            types[i] = in < 0 ? null : slotTypes[in];
            values[i] = in < 0 ? null : constants[in];
        }
        Kernel fused = ((FusingKernel) kernels[n]).absorb(nodes[next], input, types, values);
        if (fused != null) {
            kernels[n] = fused;
            kernels[next] = null;
            fusedInto[next] = n;
            if (input != 0) {
                inputSlots[next][input] = inputSlots[next][0];
                inputSlots[next][0] = s;
            }
            backendOf[next] = backendOf[n];
            return true;
        }
        return false;
    }

    /**
     * Lets the kernel of node {@code n} absorb the self-gated product {@code Mul(x, gate(x))} of its output x
     * (slot {@code s}, read by exactly the gate and the product; the gate's output read only by the product), as
     * {@link FusingKernel#absorbGated}: SiLU is {@code x * Sigmoid(x)}. Both nodes stay in the plan, fused into
     * {@code n}, their outputs aliasing x.
     */
    private void fuseGated(int n, int s, int[] readers, int[] readerOf) {
        int gate = readerOf[s];
        if (gate <= n || folded[gate] || fusedInto[gate] >= 0 || outputSlots[gate].length != 1 || inputSlots[gate].length != 1
                || outputSlots[gate][0] < 0 || readers[outputSlots[gate][0]] != 1) {
            return;
        }
        int t = outputSlots[gate][0];
        int product = readerOf[t];
        int[] ins = inputSlots[product];
        boolean gated = ins.length == 2 && (ins[0] == s && ins[1] == t || ins[0] == t && ins[1] == s);
        if (!gated || folded[product] || fusedInto[product] >= 0 || outputSlots[product].length != 1
                || outputSlots[product][0] < 0 || nodes[product].implicitInputs().length > 0) {
            return;
        }
        TensorType[] types = {slotTypes[ins[0]], slotTypes[ins[1]]};
        Kernel fused = ((FusingKernel) kernels[n]).absorbGated(nodes[gate], nodes[product], types);
        if (fused != null) {
            kernels[n] = fused;
            for (int absorbed : new int[] {gate, product}) {
                kernels[absorbed] = null;
                fusedInto[absorbed] = n;
                backendOf[absorbed] = backendOf[n];
            }
        }
    }

    /**
     * Folds each inference BatchNormalization that is the only reader of a convolution's output into that
     * convolution's constant weights and bias ({@link BatchNormFolding}): the convolution reads new constant
     * slots and the BatchNormalization stays in the plan as a node fused into it (its output aliases the
     * convolution's), so profiles and plans still list it. Not done for the reference backend, which stays the
     * specification, nor in debug plans.
     */
    private void foldBatchNorms() {
        int[] readers = readerCounts();
        int[] readerOf = firstReaders();
        for (int n = 0; n < nodes.length; n++) {
            if (folded[n] || !(nodes[n].op() instanceof ConvOps.Conv) || outputSlots[n].length != 1
                    || outputSlots[n][0] < 0 || readers[outputSlots[n][0]] != 1) {
                continue;
            }
            int bn = readerOf[outputSlots[n][0]];
            if (folded[bn] || !(nodes[bn].op() instanceof NormalizationOps.BatchNorm norm) || !norm.isInference()
                    || nodes[bn].outputCount() != 1 || inputSlots[bn].length != 5 || inputSlots[bn][0] != outputSlots[n][0]) {
                continue;
            }
            int[] convIns = inputSlots[n];
            Tensor weight = convIns.length > 1 && convIns[1] >= 0 ? constants[convIns[1]] : null;
            Tensor bias = convIns.length > 2 && convIns[2] >= 0 ? constants[convIns[2]] : null;
            if (convIns.length > 2 && convIns[2] >= 0 && bias == null) {
                continue;
            }
            Tensor[] params = new Tensor[4];
            for (int i = 0; i < 4; i++) {
                params[i] = inputSlots[bn][i + 1] < 0 ? null : constants[inputSlots[bn][i + 1]];
            }
            if (!BatchNormFolding.applies(weight, bias, params)) {
                continue;
            }
            Tensor[] wb = BatchNormFolding.fold(weight, bias, params, norm.epsilon());
            String prefix = nodes[n].name() + "+" + nodes[bn].name();
            inputSlots[n] = new int[] {convIns[0], constantSlot(prefix + ":weight", wb[0]), constantSlot(prefix + ":bias", wb[1])};
            fusedInto[bn] = n;
        }
    }

    /**
     * Replaces each decomposed LayerNormalization ({@link LayerNormPattern}) by the backend's LayerNormalization
     * kernel on the pattern's last node (the anchor), which then reads x, the scale and the shift; the other nodes
     * stay in the plan fused into the anchor and leave their values unset. Skipped where the backend has no such
     * kernel, or where the anchor's own shape inference on the new inputs would not give its output shape (the
     * runtime sizes outputs by it).
     */
    private void fuseLayerNorms() {
        int[] readers = readerCounts();
        int[] readerOf = firstReaders();
        for (int n = 0; n < nodes.length; n++) {
            LayerNormPattern p = folded[n] || fusedInto[n] >= 0 ? null : LayerNormPattern.match(this, n, readers, readerOf);
            if (p == null) {
                continue;
            }
            int anchor = p.anchor();
            int d = slotTypes[p.x].shape()[slotTypes[p.x].rank() - 1];
            Tensor gamma = p.gamma != null ? p.gamma : ones(d);
            Tensor[] values = p.beta == null ? new Tensor[] {null, gamma} : new Tensor[] {null, gamma, p.beta};
            TensorType[] types = new TensorType[values.length];
            types[0] = slotTypes[p.x];
            for (int i = 1; i < values.length; i++) {
                types[i] = TensorType.of(values[i].dtype(), values[i].shape());
            }
            String prefix = nodes[anchor].name();
            String[] names = {slotNames.get(p.x), prefix + ":scale", prefix + ":shift"};
            Node ln = new Node(prefix, "LayerNormalization", "", nodes[anchor].index(), NormalizationOps.LayerNorm.of(-1, p.epsilon),
                    Arrays.copyOf(names, values.length), nodes[anchor].outputs(), new String[0], java.util.Collections.emptyMap());
            Kernel k = anchorInfers(anchor, types, values) ? backend.kernelFor(ln, types, values, options.threads(), planGraph()) : null;
            if (k == null) {
                continue;
            }
            int[] ins = new int[values.length];
            ins[0] = p.x;
            for (int i = 1; i < values.length; i++) {
                ins[i] = constantSlot(names[i], values[i]);
            }
            inputSlots[anchor] = ins;
            kernels[anchor] = k;
            backendOf[anchor] = k.backendLabel() != null ? k.backendLabel() : backend.name();
            for (int m : p.members) {
                if (m != anchor) {
                    fusedInto[m] = anchor;
                }
            }
            readers = readerCounts();
            readerOf = firstReaders();
        }
    }

    /** Whether node {@code n}'s shape inference on these inputs gives the output type inferred for it. */
    private boolean anchorInfers(int n, TensorType[] types, Tensor[] values) {
        TensorType want = slotTypes[outputSlots[n][0]];
        try {
            TensorType[] got = nodes[n].op().infer(types, values, 1);
            return want != null && got.length == 1 && got[0] != null && got[0].dtype() == want.dtype()
                    && Arrays.equals(got[0].shape(), want.shape());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Tensor ones(int n) {
        float[] v = new float[n];
        Arrays.fill(v, 1f);
        return Tensor.of(v, n);
    }

    /** How often each slot is read: node inputs, implicit (subgraph) inputs and graph outputs each count once. */
    private int[] readerCounts() {
        int[] readers = new int[slotNames.size()];
        for (int n = 0; n < nodes.length; n++) {
            for (int s : inputSlots[n]) {
                if (s >= 0) {
                    readers[s]++;
                }
            }
            for (String name : nodes[n].implicitInputs()) {
                Integer s = slotOf.get(name);
                if (s != null) {
                    readers[s]++;
                }
            }
        }
        for (int s : outputSlotsOfGraph) {
            readers[s]++;
        }
        return readers;
    }

    /** For each slot, the first node that takes it as an input (0 where none does). */
    private int[] firstReaders() {
        int[] readerOf = new int[slotNames.size()];
        for (int n = nodes.length - 1; n >= 0; n--) {
            for (int s : inputSlots[n]) {
                if (s >= 0) {
                    readerOf[s] = n;
                }
            }
        }
        return readerOf;
    }

    /** A new slot holding a constant computed at prepare time. */
    private int constantSlot(String name, Tensor value) {
        int s = slot(name);
        if (s >= slotTypes.length) {
            slotTypes = Arrays.copyOf(slotTypes, slotNames.size());
            constants = Arrays.copyOf(constants, slotNames.size());
        }
        constants[s] = value;
        slotTypes[s] = TensorType.of(value.dtype(), value.shape());
        return s;
    }

    private static int indexOf(int[] slots, int s) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == s) {
                return i;
            }
        }
        return -1;
    }

    private int slot(String name) {
        Integer s = slotOf.get(name);
        if (s == null) {
            s = slotNames.size();
            slotOf.put(name, s);
            slotNames.add(name);
        }
        return s;
    }

    private int[] slotsFor(String[] names) {
        int[] s = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            s[i] = names[i].isEmpty() ? -1 : slot(names[i]);
        }
        return s;
    }

    private void inferAndFold() {
        for (int n = 0; n < nodes.length; n++) {
            Node node = nodes[n];
            int[] ins = inputSlots[n];
            TensorType[] types = new TensorType[ins.length];
            Tensor[] values = new Tensor[ins.length];
            boolean allStatic = true;
            boolean allConstant = node.implicitInputs().length == 0;
            for (int i = 0; i < ins.length; i++) {
                if (ins[i] < 0) {
                    continue;
                }
                types[i] = slotTypes[ins[i]];
                values[i] = constants[ins[i]];
                allStatic &= types[i] != null && types[i].isStatic();
                allConstant &= values[i] != null;
            }
            TensorType[] outs = null;
            if (allStatic) {
                try {
                    outs = node.op().infer(types, values, node.outputCount());
                    checkOutputSizes(node, outs);
                } catch (ShapeException | SizeLimitException e) {
                    throw new NodeException(node.name(), node.opType(), e.getMessage() + " (inputs " + describe(types) + ")", e);
                }
            }
            for (int o = 0; o < outputSlots[n].length; o++) {
                int s = outputSlots[n][o];
                if (s < 0) {
                    continue;
                }
                TensorType t = outs != null && o < outs.length ? outs[o] : null;
                slotTypes[s] = t != null ? t : graph.declaredTypes().get(node.output(o));
            }
            if (allStatic && allConstant && options.foldConstants() && node.op().isDeterministic()
                    && node.op().subgraphs().isEmpty()) {
                fold(n, values, outs);
            } else if (allStatic && options.foldConstants() && node.op() instanceof ShapeOps.ShapeOnly shapeOnly
                    && outputSlots[n].length == 1 && outputSlots[n][0] >= 0) {
                foldShape(n, shapeOnly.fromShape(types[0].shape()));
            }
        }
    }

    /**
     * Computes a node that reads only its input's shape (Shape, Size) from the static shape inferred at prepare
     * time, so that what it feeds (Gather, Slice, Reshape arguments) folds too and the shapes after it are known.
     */
    private void foldShape(int n, Tensor value) {
        int s = outputSlots[n][0];
        constants[s] = value;
        slotTypes[s] = TensorType.of(value.dtype(), value.shape());
        folded[n] = true;
        backendOf[n] = "folded";
    }

    /**
     * Refuses inferred output types over the element cap ({@link dev.ondeck.engine.Limits}), so that a
     * model asking for a huge tensor fails when prepared (or before the node runs), naming the output.
     */
    public static void checkOutputSizes(Node node, TensorType[] outs) {
        for (int o = 0; outs != null && o < outs.length; o++) {
            if (outs[o] != null && outs[o].isStatic()) {
                Limits.checkedSize("output '" + (o < node.outputCount() ? node.output(o) : "#" + o) + "'", outs[o].shape());
            }
        }
    }

    private void fold(int n, Tensor[] values, TensorType[] outs) {
        Node node = nodes[n];
        Tensor[] results = new Tensor[node.outputCount()];
        for (int o = 0; o < results.length; o++) {
            if (outs != null && o < outs.length && outs[o] != null && outs[o].isStatic()) {
                results[o] = Tensor.allocate(outs[o].dtype(), outs[o].shape());
            }
        }
        try {
            node.op().execute(values, results, null);
        } catch (OndeckException e) {
            throw new NodeException(node.name(), node.opType(), "while folding constants: " + e.getMessage(), e);
        }
        for (int o = 0; o < results.length; o++) {
            int s = outputSlots[n][o];
            if (s >= 0 && results[o] != null) {
                constants[s] = results[o];
                slotTypes[s] = TensorType.of(results[o].dtype(), results[o].shape());
            }
        }
        folded[n] = true;
        backendOf[n] = "folded";
    }

    private void chooseKernel(int n) {
        TensorType[] types = new TensorType[inputSlots[n].length];
        Tensor[] values = new Tensor[types.length];
        for (int i = 0; i < types.length; i++) {
            types[i] = inputSlots[n][i] < 0 ? null : slotTypes[inputSlots[n][i]];
            values[i] = inputSlots[n][i] < 0 ? null : constants[inputSlots[n][i]];
        }
        Kernel k = backend.kernelFor(nodes[n], types, values, options.threads(), planGraph());
        if (k != null) {
            kernels[n] = k;
            backendOf[n] = k.backendLabel() != null ? k.backendLabel() : backend.name();
        } else {
            kernels[n] = reference.kernelFor(nodes[n], types);
            backendOf[n] = reference.name();
        }
    }

    private PlanGraph planGraph() {
        if (planGraph == null) {
            Map<String, Node> producers = new HashMap<>();
            Map<String, List<Node>> consumers = new HashMap<>();
            for (Node node : nodes) {
                for (String o : node.outputs()) {
                    producers.put(o, node);
                }
                for (String i : node.inputs()) {
                    consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(node);
                }
            }
            java.util.Set<String> outputs = new java.util.HashSet<>();
            graph.outputs().forEach(v -> outputs.add(v.name()));
            planGraph = new PlanGraph() {
                @Override
                public Node producer(String value) {
                    return producers.get(value);
                }

                @Override
                public List<Node> consumers(String value) {
                    return consumers.getOrDefault(value, java.util.Collections.emptyList());
                }

                @Override
                public Tensor constant(String value) {
                    Integer s = slotOf.get(value);
                    return s == null ? null : constants[s];
                }

                @Override
                public boolean isGraphOutput(String value) {
                    return outputs.contains(value);
                }
            };
        }
        return planGraph;
    }

    /** A declared input type with the symbolic dims named in {@code fixed} given their sizes. */
    static TensorType withFixedDims(TensorType t, Map<String, Integer> fixed) {
        if (t == null || !t.hasRank() || t.dimNames() == null || fixed.isEmpty()) {
            return t;
        }
        int[] shape = t.shape();
        String[] names = t.dimNames();
        for (int i = 0; i < shape.length; i++) {
            Integer size = names[i] == null ? null : fixed.get(names[i]);
            if (shape[i] < 0 && size != null) {
                shape[i] = size;
            }
        }
        return new TensorType(t.dtype(), shape, names);
    }

    static String describe(TensorType[] types) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < types.length; i++) {
            sb.append(i > 0 ? ", " : "").append(types[i] == null ? "absent" : types[i].toString());
        }
        return sb.toString();
    }

    /** The plan of a subgraph of one of this plan's nodes, prepared on first use with the same backend. */
    public ExecutionPlan subplan(Graph sub) {
        return subplans.computeIfAbsent(sub, g -> new ExecutionPlan(g, backend, options));
    }

    public Graph graph() {
        return graph;
    }

    public Backend backend() {
        return backend;
    }

    public PlanOptions options() {
        return options;
    }

    public int nodeCount() {
        return nodes.length;
    }

    public Node node(int n) {
        return nodes[n];
    }

    public int slotCount() {
        return slotNames.size();
    }

    /** Slot of a value name, or -1 when the graph has no such value. */
    public int slotOf(String name) {
        Integer s = slotOf.get(name);
        return s == null ? -1 : s;
    }

    public String slotName(int slot) {
        return slotNames.get(slot);
    }

    public int[] inputSlots(int node) {
        return inputSlots[node];
    }

    public int[] outputSlots(int node) {
        return outputSlots[node];
    }

    /** The type inferred at prepare time (null or with unknown dims when it depends on run-time data). */
    public TensorType slotType(int slot) {
        return slotTypes[slot];
    }

    /** The constant (initializer or folded value) in a slot, or null. */
    public Tensor constant(int slot) {
        return constants[slot];
    }

    public boolean isFolded(int node) {
        return folded[node];
    }

    /**
     * The node whose kernel also computes this one, or -1: an earlier node whose output this node's output aliases
     * (see {@link FusingKernel}), or the later anchor of a recognised pattern (a decomposed LayerNormalization),
     * in which case this node's outputs are never set.
     */
    public int fusedInto(int node) {
        return fusedInto[node];
    }

    /** The kernel of a node (null for folded nodes and nodes fused into another). */
    public Kernel kernel(int node) {
        return kernels[node];
    }

    /**
     * The in-place Concat whose output node {@code node}'s {@link #sliceKernel} writes into (its output is one of the
     * Concat's blocks; see {@link ConcatPlacement}), or -1.
     */
    public int concatInto(int node) {
        return concats.concatInto[node];
    }

    /** The kernel of a node writing into its block of an in-place Concat's output (null where none). */
    public Kernel sliceKernel(int node) {
        return concats.sliceKernels[node];
    }

    /** Whether node {@code node} is a Concat whose inputs are written in place, so that it copies nothing. */
    public boolean isConcatInPlace(int node) {
        return concats.inPlace[node];
    }

    /** Name of the backend that runs a node ({@code folded} for nodes computed at prepare time). */
    public String backendOf(int node) {
        return backendOf[node];
    }

    public int[] graphInputSlots() {
        return inputSlotsOfGraph;
    }

    public int[] graphOutputSlots() {
        return outputSlotsOfGraph;
    }

    /** Names this (sub)graph reads from enclosing graphs, and their slots here. */
    public String[] outerNames() {
        return outerNames;
    }

    public int[] outerSlots() {
        return outerSlots;
    }

    /** The activation arena laid out for this plan (see {@link MemoryPlan}). */
    public MemoryPlan memory() {
        return memory;
    }

    /**
     * Takes a slot out of the arena after a kernel was seen to return other storage for it than the arena
     * tensor it was given (contrary to the {@link Kernel} contract, or a zero-copy view): {@code aliasOf} is
     * the slot whose tensor it returned, or -1 for new storage. Lays out the arena again.
     */
    public synchronized void keepOutOfArena(int slot, int aliasOf) {
        if (aliasOf >= 0) {
            seenAlias[slot] = aliasOf;
        } else {
            keptOutOfArena[slot] = true;
        }
        memory = MemoryPlan.layOut(this, seenAlias, keptOutOfArena);
    }

    @Override
    public String toString() {
        return "ExecutionPlan(" + nodes.length + " nodes on " + backend.name() + ", slots " + slotNames.size()
                + ", folded " + Arrays.toString(folded).chars().filter(c -> c == 't').count() + "; " + memory + ")";
    }
}
