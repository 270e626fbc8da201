package dev.ondeck.adb.nativetools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.profile.NodeProfile;
import dev.ondeck.engine.profile.ProfileReport;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parsers on outputs in the formats TFLite's and MNN's documentation show. */
class NativeToolOutputTest {
    static final String TFLITE = String.join("\n",
            "INFO: Initialized TensorFlow Lite runtime.",
            "INFO: Created TensorFlow Lite delegate for GPU.",
            "Inference timings in us: Init: 5685, First inference: 18535, Warmup (avg): 14462.3, Inference (avg): 13210.5",
            "Operator-wise Profiling Info for Regular Benchmark Runs:",
            "============================== Run Order ==============================",
            "\t             [node type]\t  [start]\t  [first]\t [avg ms]\t     [%]\t  [cdf%]\t  [mem KB]\t[times called]\t[Name]",
            "\t                QUANTIZE\t    0.024\t    0.094\t    0.093\t  0.424%\t  0.424%\t     0.000\t        1\t[tfl.quantize]:0",
            "\t                 CONV_2D\t    0.117\t    3.730\t    3.640\t 16.512%\t 16.936%\t     0.000\t        1\t[model/conv1/Relu;model/conv1/BiasAdd]:1",
            "\t     MAX_POOL_2D\t    3.758\t    0.176\t    0.176\t  0.798%\t 17.734%\t     0.000\t        2\t[model/pool/MaxPool]:2",
            "\t     TfLiteGpuDelegateV2\t    3.940\t    9.000\t    8.900\t 80.000%\t 97.734%\t     0.000\t        1\t[]:64",
            "",
            "============================== Top by Computation Time ==============================",
            "\t             [node type]\t  [start]\t  [first]\t [avg ms]\t     [%]\t  [cdf%]\t  [mem KB]\t[times called]\t[Name]",
            "\t     TfLiteGpuDelegateV2\t    3.940\t    9.000\t    8.900\t 80.000%\t 97.734%\t     0.000\t        1\t[]:64",
            "");

    static final String MNN = String.join("\n",
            "Use extra forward type: 3",
            "Open Model mobilenet_v2.mnn",
            "Sort by node name !",
            "Node Name              \tOp Type              \tAvg(ms)  \t%        \tFlops Rate \t",
            "339                    \tBinaryOp             \t0.039300 \t0.364004 \t0.023848   \t",
            "Convolution96          \tConvolution          \t0.273800 \t2.535987 \t0.425273   \t",
            "Convolution96_raster_0 \tRaster               \t0.002100 \t0.019451 \t0.000406   \t",
            "Print <=20 slowest Op for Convolution, larger than 3.00",
            "474 -  16.396393 GFlops, 6.12 rate",
            "",
            "Sort by time cost !",
            "Node Type            \tAvg(ms)  \t%         \tCalled times \tFlops Rate \t",
            "Raster               \t0.002100 \t0.019451  \t1.000000     \t0.000406   \t",
            "BinaryOp             \t0.039300 \t0.364004  \t1.000000     \t0.023848   \t",
            "Convolution          \t0.273800 \t2.535987  \t1.000000     \t0.425273   \t",
            "total time : 10.796584 ms, total mflops : 300.983246 ",
            "main, 138, cost time: 111.161003 ms",
            "");

    @Test
    void tfliteRunOrderTable() {
        NativeProfile p = NativeToolOutput.parseTflite(TFLITE, "mobilenet.tflite", "gpu");
        assertEquals(4, p.ops().size());
        assertEquals("CONV_2D", p.ops().get(1).opType());
        assertEquals("model/conv1/Relu;model/conv1/BiasAdd:1", p.ops().get(1).name());
        assertEquals(3.640, p.ops().get(1).avgMs(), 1e-9);
        assertEquals(2, p.ops().get(2).calls());
        assertEquals("node:64", p.ops().get(3).name());
        assertEquals(13.2105, p.runMs(), 1e-9);
        assertEquals("TfLiteGpuDelegateV2", p.byOpType().keySet().iterator().next());
        assertTrue(p.toJson().contains("\"schema\": \"ondeck.profile/1\""));
        assertTrue(p.table().contains("CONV_2D"));
    }

    @Test
    void tfliteWithoutStartColumnAndLogPrefix() {
        String out = String.join("\n",
                "INFO: Operator-wise Profiling Info for Regular Benchmark Runs:",
                "INFO: ============================== Run Order ==============================",
                "INFO:             [node type]  [first]  [avg ms]      [%]    [cdf%]  [mem KB] [times called] [Name]",
                "INFO:     TfLiteNnapiDelegate    3.826     4.011  62.037%   62.037%     0.000         1      []:64",
                "INFO: RESIZE_NEAREST_NEIGHBOR    0.052     0.058   0.899%   62.936%     0.000         1      []:38",
                "");
        NativeProfile p = NativeToolOutput.parseTflite(out, "m.tflite", "nnapi");
        assertEquals(2, p.ops().size());
        assertEquals(0.058, p.ops().get(1).avgMs(), 1e-9);
        assertEquals(4.069, p.runMs(), 1e-9);
    }

    @Test
    void tfliteWithoutProfilingSaysWhichFlag() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NativeToolOutput.parseTflite("Inference timings in us: Init: 1", "m", "cpu"));
        assertTrue(e.getMessage().contains("--enable_op_profiling=true"));
    }

    @Test
    void mnnTimeProfileTables() {
        NativeProfile p = NativeToolOutput.parseMnnTimeProfile(MNN, "mobilenet_v2.mnn", "opencl");
        assertEquals(3, p.ops().size());
        assertEquals("Convolution96", p.ops().get(1).name());
        assertEquals("Convolution", p.ops().get(1).opType());
        assertEquals(0.2738, p.ops().get(1).avgMs(), 1e-9);
        assertEquals(10.796584, p.runMs(), 1e-9);
        assertEquals("opencl", p.backend());
    }

    @Test
    void mnnBenchmarkSummary() {
        Map<String, double[]> r = NativeToolOutput.parseMnnBenchmark(String.join("\n",
                "MNN benchmark",
                "Forward type: **Vulkan** thread=4** precision=2",
                "[ - ] mobilenet-v1-1.0.mnn    max =   30.123 ms  min =   29.500 ms  avg =   29.800 ms",
                "[ - ] resnet-v2-50.mnn        max =  120.000 ms  min =  110.500 ms  avg =  115.250 ms"));
        assertEquals(2, r.size());
        assertArrayEquals(new double[] {120.0, 110.5, 115.25}, r.get("resnet-v2-50.mnn"), 1e-9);
    }

    @Test
    void tfliteProfileBecomesTheEngineProfileModel() {
        ProfileReport r = NativeToolOutput.parseTflite(TFLITE, "mobilenet.tflite", "gpu").toReport();
        assertEquals(4, r.nodes().size());
        assertEquals("benchmark_model/gpu", r.backend());
        assertEquals(1, r.runs());
        assertEquals(13_210_500, r.runMedianNanos());
        NodeProfile conv = r.node("model/conv1/Relu;model/conv1/BiasAdd:1");
        assertEquals("CONV_2D", conv.opType());
        assertEquals(3_640_000, conv.medianNanos());
        assertEquals(conv.medianNanos(), conv.p90Nanos(), "one sample: the tool's average");
        assertArrayEquals(new long[] {0, 93_000, 3_733_000, 3_909_000}, r.traceStarts(), "ops end to end in run order");
        assertEquals("TfLiteGpuDelegateV2", r.byOpType().get(0).opType());
        assertTrue(r.table(10).contains("CONV_2D"), r.table(10));
        assertTrue(r.toChromeTrace().contains("\"model/pool/MaxPool:2\""), r.toChromeTrace());
    }

    @Test
    void mnnProfileBecomesTheEngineProfileModelWithoutATimeline() {
        ProfileReport r = NativeToolOutput.parseMnnTimeProfile(MNN, "mobilenet_v2.mnn", "opencl").toReport();
        assertEquals(3, r.nodes().size());
        assertEquals(273_800, r.node("Convolution96").medianNanos());
        assertEquals(10_796_584, r.runMedianNanos());
        assertArrayEquals(new long[3], r.traceDurations(), "MNN lists ops by name, not in run order");
    }

    @Test
    void commandLinesFollowTheToolsArguments() {
        assertEquals("/data/local/tmp/benchmark_model --graph=/data/local/tmp/m.tflite --enable_op_profiling=true --num_runs=50"
                + " --use_nnapi=true", NativeTools.tfliteCommand("/data/local/tmp/benchmark_model", "/data/local/tmp/m.tflite", "nnapi", 50));
        assertEquals("/data/local/tmp/timeProfile.out /data/local/tmp/m.mnn 20 3",
                NativeTools.mnnTimeProfileCommand("/data/local/tmp/timeProfile.out", "/data/local/tmp/m.mnn", "opencl", 20));
        assertEquals("/data/local/tmp/benchmark.out /data/local/tmp/models 10 3 7",
                NativeTools.mnnBenchmarkCommand("/data/local/tmp/benchmark.out", "/data/local/tmp/models", "vulkan", 10, 3));
    }

    @Test
    void toolFlagsNameTheValidChoices() {
        assertEquals(" --use_gpu=true", NativeTools.tfliteDelegateFlag("gpu"));
        assertEquals(7, NativeTools.mnnForwardType("vulkan"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeTools.mnnForwardType("npu"));
        assertTrue(e.getMessage().contains("[cpu, opencl, nnapi, vulkan]"));
    }
}
