package dev.ondeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.npu.NpuEmuBackend;
import dev.ondeck.engine.npu.NpuProfile;
import dev.ondeck.engine.npu.PartitionReport;
import dev.ondeck.engine.plan.ExecutionPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, acceptance on {@code npu-emu}: the quantised digits CNN keeps held-out accuracy within 1 point of
 * float; its plan follows the partition (NPU-segment Conv/Gemm on int8 kernels, Softmax on the CPU), every
 * label says the time is this CPU's, and a profile without Softmax moves Softmax off the NPU's list.
 */
class NpuEmuDigitsTest {
    @TempDir
    static Path tmp;
    static Path int8Model;

    @BeforeAll
    static void quantised() throws IOException {
        QuantizeDigitsTest.dir = tmp;
        QuantizeDigitsTest.data();
        int8Model = tmp.resolve("digits_int8.onnx");
        QuantizeDigitsTest.quantize("--calibrate", QuantizeDigitsTest.calibration.toString(), "--out", int8Model.toString());
    }

    @Test
    void keepsHeldOutAccuracyWithinOnePointOfFloat() throws IOException {
        double floatAcc = QuantizeDigitsTest.accuracy(Int8BackendDigitsTest.logits(QuantizeDigitsTest.floatModel, "cpu-ref"));
        double npuAcc = QuantizeDigitsTest.accuracy(Int8BackendDigitsTest.logits(int8Model, "npu-emu"));
        System.out.printf("digits held-out accuracy: float (cpu-ref) %.2f%%, int8 QDQ on npu-emu %.2f%%%n", floatAcc, npuAcc);
        assertTrue(Math.abs(npuAcc - floatAcc) <= 1.0, "npu-emu " + npuAcc + "% vs float " + floatAcc + "%");
    }

    @Test
    void planFollowsThePartitionAndLabelsTimesAsCpu() throws IOException {
        try (Model m = Model.load(int8Model); Session s = m.newSession("npu-emu")) {
            ExecutionPlan plan = s.plan();
            PartitionReport report = ((NpuEmuBackend) plan.backend()).partition();
            assertEquals(1, report.npuSegments(), report.table());
            assertEquals(1, report.cpuSegments(), report.table());
            assertEquals(1, report.handOffs(), report.table());
            int int8 = 0;
            for (int n = 0; n < plan.nodeCount(); n++) {
                String op = plan.node(n).opType();
                String label = plan.backendOf(n);
                if (plan.isFolded(n)) {
                    continue;
                }
                assertTrue(label.endsWith("@cpu") || label.equals(NpuEmuBackend.CPU), op + " labelled " + label);
                assertEquals(report.placements().get(n).onNpu(), !label.equals(NpuEmuBackend.CPU), op + " " + label);
                if (op.equals("Conv") || op.equals("Gemm")) {
                    assertEquals(NpuEmuBackend.NPU_INT8, label, plan.node(n).name());
                    int8++;
                }
                if (op.equals("Softmax")) {
                    assertEquals(NpuEmuBackend.CPU, label);
                }
            }
            assertEquals(4, int8, "two Conv and two Gemm on int8 kernels");
        }
    }

    @Test
    void aProfileFileChoosesWhatTheNpuTakes() throws IOException {
        String nnapi = new String(NpuProfile.class.getResourceAsStream("nnapi-like.profile").readAllBytes(), "UTF-8");
        Path noGemm = tmp.resolve("no-gemm.profile");
        Files.writeString(noGemm, nnapi.replace("name nnapi-like", "name no-gemm").lines()
                .filter(l -> !l.matches("op\\s+Gemm\\b.*")).reduce("", (a, b) -> a + b + "\n"));
        NpuProfile profile = NpuProfile.load(noGemm);
        try (Model m = Model.load(int8Model);
             Session s = m.newSession(SessionOptions.builder().backend(NpuEmuBackend.of(m, profile)).build())) {
            PartitionReport report = ((NpuEmuBackend) s.plan().backend()).partition();
            System.out.println(report.table());
            assertTrue(report.npuSegments() >= 2, report.table());
            Tensor logits = s.run(Map.of("image", QuantizeDigitsTest.heldOut)).get("logits");
            double acc = QuantizeDigitsTest.accuracy(logits);
            double floatAcc = QuantizeDigitsTest.accuracy(Int8BackendDigitsTest.logits(QuantizeDigitsTest.floatModel, "cpu-ref"));
            System.out.printf("digits on npu-emu without Gemm in the profile: %d NPU / %d CPU segments, %d hand-offs, accuracy %.2f%%%n",
                    report.npuSegments(), report.cpuSegments(), report.handOffs(), acc);
            assertTrue(Math.abs(acc - floatAcc) <= 1.0);
        }
        Path json = tmp.resolve("profile.json");
        java.io.StringWriter o = new java.io.StringWriter();
        java.io.StringWriter e = new java.io.StringWriter();
        int code = Ondeck.execute(new String[] {"profile", int8Model.toString(), "--backend", "npu-emu", "--npu-profile", noGemm.toString(),
                "--warmup", "0", "--runs", "1", "--json", json.toString()}, new java.io.PrintWriter(o), new java.io.PrintWriter(e));
        assertEquals(0, code, o + "\n" + e);
        String profileJson = Files.readString(json);
        assertTrue(profileJson.contains("\"npu-emu:npu-int8@cpu\"") && profileJson.contains("\"npu-emu:cpu\""), profileJson);
        java.io.StringWriter e2 = new java.io.StringWriter();
        assertEquals(1, Ondeck.execute(new String[] {"profile", int8Model.toString(), "--backend", "cpu-ref", "--npu-profile", noGemm.toString()},
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(e2)));
        assertTrue(e2.toString().contains("--npu-profile applies to --backend npu-emu"), e2.toString());
    }

    @Test
    void partitionRunCountsTheHandOffsAndProfileLabelsTimesAsThisCpus() throws IOException {
        Path noGemm = tmp.resolve("no-gemm-2.profile");
        String nnapi = new String(NpuProfile.class.getResourceAsStream("nnapi-like.profile").readAllBytes(), "UTF-8");
        Files.writeString(noGemm, nnapi.replace("name nnapi-like", "name no-gemm").lines()
                .filter(l -> !l.matches("op\\s+Gemm\\b.*")).reduce("", (a, b) -> a + b + "\n"));
        PartitionReport expected;
        try (Model m = Model.load(int8Model)) {
            expected = NpuEmuBackend.of(m, NpuProfile.load(noGemm)).partition();
        }
        Path images = tmp.resolve("held-out.npy");
        QuantizeDigitsTest.heldOut.toNpy(images);
        Path json = tmp.resolve("partition.json");
        String out = ondeck("partition", int8Model.toString(), "--npu-profile", noGemm.toString(), "--run",
                "-i", "image=" + images, "--json", json.toString());
        long bytes = handOffBytesOnCpuRef(expected, QuantizeDigitsTest.heldOut);
        long intoNpu = expected.handOffTensors().stream().filter(h -> expected.segments().get(h.to()).onNpu()).count();
        assertTrue(expected.handOffs() >= 2 && bytes > 0, expected.table());
        assertTrue(out.contains(String.format("run on npu-emu (inputs: image: file): %d hand-off(s) counted, %d bytes (%d into NPU segments, %d into CPU segments);",
                expected.handOffs(), bytes, intoNpu, expected.handOffs() - intoNpu)), out);
        assertTrue(out.contains("ms of this machine's CPU time, not an NPU timing"), out);
        String j = Files.readString(json);
        assertTrue(j.contains("\"run\": {\"hand_offs\": " + expected.handOffs() + ", \"hand_off_bytes\": " + bytes + ","), j);
        assertTrue(j.contains("\"hand_offs\": " + expected.handOffs() + ",\n  \"nodes\": ["), j);

        String qnn = ondeck("partition", int8Model.toString(), "--npu-profile", "qnn-like");
        assertTrue(qnn.startsWith("profile qnn-like: "), qnn);

        String profile = ondeck("profile", int8Model.toString(), "--backend", "npu-emu", "--npu-profile", noGemm.toString(),
                "--warmup", "1", "--runs", "2");
        assertTrue(profile.contains("npu-emu times are this machine's CPU times"), profile);
        assertTrue(profile.contains("per run: npu_hand_offs " + expected.handOffs() + " npu_hand_off_bytes "), profile);
    }

    /** The bytes of the partition's hand-off tensors as a cpu-ref run on {@code images} makes them (the batch dim is symbolic). */
    static long handOffBytesOnCpuRef(PartitionReport r, Tensor images) throws IOException {
        java.util.Map<String, Long> perTensor = new java.util.HashMap<>();
        for (PartitionReport.HandOff h : r.handOffTensors()) {
            perTensor.merge(h.tensor(), 1L, Long::sum);
        }
        long[] bytes = {0};
        try (Model m = Model.load(int8Model); Session s = m.newSession("cpu-ref")) {
            ExecutionPlan plan = s.plan();
            s.run(Map.of("image", images), new dev.ondeck.engine.runtime.NodeHook() {
                @Override
                public void afterNode(dev.ondeck.engine.runtime.Execution exec, int n) {
                    for (int slot : plan.outputSlots(n)) {
                        Long times = slot < 0 ? null : perTensor.get(plan.slotName(slot));
                        if (times != null) {
                            Tensor t = exec.slot(slot);
                            bytes[0] += times * t.size() * t.dtype().byteSize();
                        }
                    }
                }
            });
        }
        return bytes[0];
    }

    static String ondeck(String... args) {
        java.io.StringWriter o = new java.io.StringWriter();
        java.io.StringWriter e = new java.io.StringWriter();
        int code = Ondeck.execute(args, new java.io.PrintWriter(o), new java.io.PrintWriter(e));
        assertEquals(0, code, o + "\n" + e);
        System.out.print(o);
        return o.toString();
    }
}
