package dev.ondeck.adb.nativetools;

import dev.ondeck.adb.host.AdbClient;
import dev.ondeck.adb.host.ShellResult;
import java.util.Locale;
import java.util.Map;

/**
 * Runs native benchmark tools that a user pushed to the phone (built for Android by them) through the
 * bridge and parses their per-op output into {@link NativeProfile}: TFLite's {@code benchmark_model}
 * (CPU, XNNPACK, GPU, NNAPI, Hexagon delegates) and MNN's {@code timeProfile.out} / {@code benchmark.out}
 * (CPU, OpenCL, Vulkan, NNAPI forward types).
 */
public final class NativeTools {
    private NativeTools() {
    }

    /** benchmark_model flags per delegate. */
    static String tfliteDelegateFlag(String delegate) {
        switch (delegate.toLowerCase(Locale.ROOT)) {
            case "cpu": return "";
            case "xnnpack": return " --use_xnnpack=true";
            case "gpu": return " --use_gpu=true";
            case "nnapi": return " --use_nnapi=true";
            case "hexagon": return " --use_hexagon=true";
            default:
                throw new IllegalArgumentException("unknown TFLite delegate '" + delegate + "'; expected one of [cpu, xnnpack, gpu, nnapi, hexagon]");
        }
    }

    /** MNN's forward type numbers (MNNForwardType). */
    static int mnnForwardType(String backend) {
        switch (backend.toLowerCase(Locale.ROOT)) {
            case "cpu": return 0;
            case "opencl": return 3;
            case "nnapi": return 5;
            case "vulkan": return 7;
            default:
                throw new IllegalArgumentException("unknown MNN backend '" + backend + "'; expected one of [cpu, opencl, nnapi, vulkan]");
        }
    }

    /** {@code benchmark_model --graph=MODEL --enable_op_profiling=true --num_runs=RUNS [delegate flag]}. */
    public static NativeProfile tfliteBenchmark(AdbClient adb, String serial, String binary, String model, String delegate, int runs) {
        String cmd = binary + " --graph=" + model + " --enable_op_profiling=true --num_runs=" + runs + tfliteDelegateFlag(delegate);
        return NativeToolOutput.parseTflite(run(adb, serial, cmd), model, delegate);
    }

    /** {@code timeProfile.out MODEL RUNS FORWARD_TYPE}. */
    public static NativeProfile mnnTimeProfile(AdbClient adb, String serial, String binary, String model, String backend, int runs) {
        String cmd = binary + " " + model + " " + runs + " " + mnnForwardType(backend);
        return NativeToolOutput.parseMnnTimeProfile(run(adb, serial, cmd), model, backend);
    }

    /** {@code benchmark.out MODELS_DIR RUNS WARMUP FORWARD_TYPE}: model to {max, min, avg} ms. */
    public static Map<String, double[]> mnnBenchmark(AdbClient adb, String serial, String binary, String modelsDir, String backend, int runs) {
        String cmd = binary + " " + modelsDir + " " + runs + " 3 " + mnnForwardType(backend);
        return NativeToolOutput.parseMnnBenchmark(run(adb, serial, cmd));
    }

    private static String run(AdbClient adb, String serial, String cmd) {
        ShellResult r = adb.shell(serial, cmd);
        String all = r.stdout() + "\n" + r.stderr();
        if (r.exitCode() != 0) {
            throw new dev.ondeck.adb.host.AdbException("'" + cmd + "' exited with " + r.exitCode() + ": " + tail(all));
        }
        return all;
    }

    private static String tail(String s) {
        String t = s.trim();
        return t.length() <= 600 ? t : "..." + t.substring(t.length() - 600);
    }
}
