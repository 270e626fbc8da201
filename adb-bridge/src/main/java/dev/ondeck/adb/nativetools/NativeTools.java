package dev.ondeck.adb.nativetools;

import dev.ondeck.adb.host.AdbClient;
import dev.ondeck.adb.host.AdbException;
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
    public static String tfliteCommand(String binary, String model, String delegate, int runs) {
        return binary + " --graph=" + model + " --enable_op_profiling=true --num_runs=" + runs + tfliteDelegateFlag(delegate);
    }

    /** {@code timeProfile.out MODEL RUNS FORWARD_TYPE} (MNN's argument order: model, loops, forward type). */
    public static String mnnTimeProfileCommand(String binary, String model, String backend, int runs) {
        return binary + " " + model + " " + runs + " " + mnnForwardType(backend);
    }

    /** {@code benchmark.out MODELS_DIR RUNS WARMUP FORWARD_TYPE}. */
    public static String mnnBenchmarkCommand(String binary, String modelsDir, String backend, int runs, int warmup) {
        return binary + " " + modelsDir + " " + runs + " " + warmup + " " + mnnForwardType(backend);
    }

    /** Runs TFLite's benchmark_model on the device with per-op profiling and parses its Run Order table. */
    public static NativeProfile tfliteBenchmark(AdbClient adb, String serial, String binary, String model, String delegate, int runs) {
        return NativeToolOutput.parseTflite(run(adb, serial, tfliteCommand(binary, model, delegate, runs)), model, delegate);
    }

    /** Runs MNN's timeProfile.out on the device and parses its per-node table. */
    public static NativeProfile mnnTimeProfile(AdbClient adb, String serial, String binary, String model, String backend, int runs) {
        return NativeToolOutput.parseMnnTimeProfile(run(adb, serial, mnnTimeProfileCommand(binary, model, backend, runs)), model, backend);
    }

    /** Runs MNN's benchmark.out (3 warm-ups) on every model of a device folder: model to {max, min, avg} ms. */
    public static Map<String, double[]> mnnBenchmark(AdbClient adb, String serial, String binary, String modelsDir, String backend, int runs) {
        return NativeToolOutput.parseMnnBenchmark(run(adb, serial, mnnBenchmarkCommand(binary, modelsDir, backend, runs, 3)));
    }

    /**
     * Runs a tool's command line on the device through adb shell and returns its stdout and stderr; a tool that
     * cannot start (exit 126/127) or fails is an {@link AdbException} quoting the command and what to do.
     */
    public static String run(AdbClient adb, String serial, String cmd) {
        ShellResult r = adb.shell(serial, cmd);
        String all = r.stdout() + "\n" + r.stderr();
        if (r.exitCode() == 126 || r.exitCode() == 127) {
            throw new AdbException("'" + cmd + "' could not start on device '" + serial + "' (exit " + r.exitCode() + ": "
                    + tail(all) + "); push the tool built for the device's ABI and make it executable"
                    + " ('ondeck push --device " + serial + " TOOL /data/local/tmp/', then 'adb shell chmod 755 /data/local/tmp/TOOL')");
        }
        if (r.exitCode() != 0) {
            throw new AdbException("'" + cmd + "' exited with " + r.exitCode() + ": " + tail(all));
        }
        return all;
    }

    private static String tail(String s) {
        String t = s.trim();
        return t.length() <= 600 ? t : "..." + t.substring(t.length() - 600);
    }
}
