package dev.ondeck.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.InvalidInputException;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.SharedData;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.graph.Node;
import dev.ondeck.engine.graph.TensorType;
import dev.ondeck.engine.models.MobileNetV2Builder;
import dev.ondeck.engine.plan.MemoryPlan;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The activation arena: laid out at prepare time when shapes are static, shared by values with disjoint
 * lifetimes, values identical to a run where every value keeps its own buffer, and steady-state runs that
 * allocate little more than the output copies they return.
 */
public class ActivationArenaTest {
    /** Allowance per run above the output copies: Execution, slot array, result map, hook-free bookkeeping. */
    static final long OVERHEAD_BYTES = 16 * 1024;

    @Test
    void mobileNetV2RunsInItsArenaWithoutAllocating() {
        Map<String, Tensor> in = Collections.singletonMap("image", MobileNetV2Builder.seededInput(7, 1));
        try (Model m = MobileNetV2Builder.create(42).build()) {
            MemoryPlan mem = checkArena(m, in, "cpu-portable", "batch", 1);
            // BatchNormalization is folded into the convolutions, so every value left is a Conv, Clip or Add output;
            // sharing whole buffers of equal size keeps about two thirds of them apart (offsets would approach the peak).
            assertTrue(mem.arenaBytes() < mem.unsharedBytes() * 0.7, "little reuse: " + mem);
        }
    }

    @Test
    void aRunOfAllocationFreeKernelsAllocatesOnlyItsOutputs() {
        Map<String, Tensor> in = Collections.singletonMap("x", Tensor.allocate(DType.FLOAT, 8));
        try (Model m = chain().build(); Session s = m.newSession(SessionOptions.builder().backend("cpu-portable").threads(1).build())) {
            long outputs = RunAllocation.outputBytes(s, in);
            long perRun = RunAllocation.perRun(s, in, 50, 200, outputs + OVERHEAD_BYTES);
            System.out.printf("chain on cpu-portable: %d bytes allocated per run (outputs %d, kernels %s)%n", perRun, outputs,
                    RunAllocation.insideNodes(s, in, 50, 200));
            assertTrue(perRun <= outputs + OVERHEAD_BYTES, perRun + " bytes per run, outputs " + outputs);
        }
    }

    @Test
    void digitsCnnRunsInItsArenaWithoutAllocating() throws Exception {
        Path dir = SharedData.repositoryRoot().resolve("examples/models");
        Tensor images = Tensor.fromNpy(dir.resolve("digits/images.npy"));
        try (Model m = Model.load(dir.resolve("digits_cnn.onnx"))) {
            checkArena(m, Collections.singletonMap("image", images), "cpu-portable", "batch", images.dim(0));
        }
    }

    /**
     * Checks a model on a backend with a fixed symbolic dim: the arena is laid out, arena runs give the same
     * values as runs with private buffers, and a steady-state run ({@link RunAllocation#perRun}) allocates at
     * most the output copies plus {@link #OVERHEAD_BYTES}, kernels included. Prints what it measured, with what
     * each op type's kernels allocated in the first runs ({@link RunAllocation#insideNodes}).
     */
    public static MemoryPlan checkArena(Model m, Map<String, Tensor> in, String backend, String dim, int size) {
        SessionOptions.Builder b = SessionOptions.builder().backend(backend).threads(1);
        SessionOptions opts = (dim == null ? b : b.fixDimension(dim, size)).build();
        try (Session s = m.newSession(opts)) {
            MemoryPlan mem = s.plan().memory();
            assertTrue(mem.bufferCount() > 0, "no arena: " + mem);
            assertTrue(mem.arenaBytes() >= mem.peakLiveBytes(), mem.toString());
            assertTrue(mem.arenaBytes() <= mem.unsharedBytes(), mem.toString());
            try (Result privateBuffers = s.run(in, new NodeHook() { }); Result arena = s.run(in); Result again = s.run(in)) {
                for (String name : privateBuffers.names()) {
                    assertArrayEquals(privateBuffers.get(name).floats(), arena.get(name).floats(), name);
                    assertArrayEquals(privateBuffers.get(name).floats(), again.get(name).floats(), name);
                }
            }
            long outputs = RunAllocation.outputBytes(s, in);
            long perRun = RunAllocation.perRun(s, in, 5, 20, outputs + OVERHEAD_BYTES);
            Map<String, Long> kernels = RunAllocation.insideNodes(s, in, 2, 5);
            long inKernels = kernels.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("%s on %s: %s; %d bytes allocated per run: outputs %d, inside kernels %d %s%n",
                    m.graph().name(), backend, mem, perRun, outputs, inKernels, kernels);
            assertTrue(perRun <= outputs + OVERHEAD_BYTES,
                    perRun + " bytes per run, outputs " + outputs + ", inside kernels while warming up " + kernels);
            return mem;
        }
    }

    @Test
    void sharesBuffersOnlyBetweenValuesThatAreNotLiveTogether() {
        try (Model m = chain().build(); Session s = m.newSession("cpu-ref")) {
            MemoryPlan mem = s.plan().memory();
            int a = s.plan().slotOf("a");
            int b = s.plan().slotOf("b");
            int c = s.plan().slotOf("c");
            int d = s.plan().slotOf("d");
            assertNotEquals(mem.bufferOf(a), mem.bufferOf(b), "a is read by the node writing b");
            assertEquals(mem.bufferOf(a), mem.bufferOf(c), "a is dead once b is written");
            assertNotEquals(mem.bufferOf(c), mem.bufferOf(d));
            assertEquals(-1, mem.bufferOf(s.plan().slotOf("x")), "graph inputs keep their storage");
            assertEquals(mem.bufferOf(a), mem.bufferOf(s.plan().slotOf("y")), "a and c are dead once y is written");
            assertEquals(3, mem.bufferCount());
            assertEquals(3 * 4 * 8, mem.peakLiveBytes());
        }
    }

    @Test
    void aKernelReturningAViewOfItsInputTakesThatValueOutOfTheArena() {
        Backend viewing = new ViewingReshapeBackend();
        Tensor x = Tensor.of(new float[] {-1, 2, -3, 4, -5, 6, -7, 8}, 8);
        try (Model m = reshapeThenOverwrite().build();
             Session ref = m.newSession("cpu-ref");
             Session s = m.newSession(SessionOptions.builder().backend(viewing).build())) {
            float[] expected = ref.run(Collections.singletonMap("x", x)).get("y").floats();
            int r = s.plan().slotOf("r");
            assertTrue(s.plan().memory().bufferOf(r) >= 0, s.plan().memory().toString());
            for (int run = 0; run < 3; run++) {
                assertArrayEquals(expected, s.run(Collections.singletonMap("x", x)).get("y").floats(), "run " + run);
            }
            assertEquals(-1, s.plan().memory().bufferOf(r), "the view is no buffer of its own");
        }
    }

    @Test
    void inputsMustHaveTheFixedSizeAndOnlySymbolicDimsCanBeFixed() {
        try (Model m = MobileNetV2Builder.create(42).build()) {
            SessionOptions two = SessionOptions.builder().backend("cpu-ref").fixDimension("batch", 2).build();
            try (Session s = m.newSession(two)) {
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> s.run(Collections.singletonMap("image", MobileNetV2Builder.seededInput(1, 1))));
                assertTrue(e.getMessage().contains("input 'image': expected shape [2, 3, 224, 224]"), e.getMessage());
            }
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> m.newSession(SessionOptions.builder().fixDimension("height", 2).build()));
            assertEquals("no input has a symbolic dimension 'height' to fix; the model's are [batch]", e.getMessage());
        }
    }

    /** x -> a = Relu(x) -> b = Neg(a) -> c = Exp(b) -> d = Abs(c) -> y = Add(d, b): 8 floats each. */
    private static ModelBuilder chain() {
        return ModelBuilder.create().opset(13).input("x", DType.FLOAT, 8)
                .node("Relu", n -> n.inputs("x").outputs("a"))
                .node("Neg", n -> n.inputs("a").outputs("b"))
                .node("Exp", n -> n.inputs("b").outputs("c"))
                .node("Abs", n -> n.inputs("c").outputs("d"))
                .node("Add", n -> n.inputs("d", "b").outputs("y"))
                .output("y", DType.FLOAT, 8);
    }

    /** a = Relu(x); r = Reshape(a) (a view on the viewing backend); n = Neg(x) may take a's buffer; y = r + n. */
    private static ModelBuilder reshapeThenOverwrite() {
        return ModelBuilder.create().opset(13).input("x", DType.FLOAT, 8)
                .initializer("shape", Tensor.of(new long[] {2, 4}, 2))
                .node("Relu", n -> n.inputs("x").outputs("a"))
                .node("Reshape", n -> n.inputs("a", "shape").outputs("r"))
                .node("Neg", n -> n.inputs("x").outputs("n"))
                .node("Reshape", n -> n.inputs("n", "shape").outputs("n2"))
                .node("Add", n -> n.inputs("r", "n2").outputs("y"))
                .output("y", DType.FLOAT, 2, 4);
    }

    /** cpu-ref, except that Reshape returns a view of its input instead of writing into its output. */
    private static final class ViewingReshapeBackend implements Backend {
        private final Backend ref = Backends.find(Backends.REFERENCE);

        @Override
        public String name() {
            return "viewing-reshape";
        }

        @Override
        public Kernel kernelFor(Node node, TensorType[] inputTypes) {
            if (node.opType().equals("Reshape")) {
                return (inputs, outputs, ctx) -> outputs[0] = Tensor.wrap(inputs[0].dtype(), inputs[0].data(), outputs[0].shape());
            }
            return ref.kernelFor(node, inputTypes);
        }
    }
}
