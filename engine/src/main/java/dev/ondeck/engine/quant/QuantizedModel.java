package dev.ondeck.engine.quant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;

/** A quantised model as ONNX bytes, with what was done and the sizes before and after. */
public final class QuantizedModel {
    private final byte[] bytes;
    private final long originalBytes;
    private final String mode;
    private final int weights;
    private final int activations;
    private final Map<String, double[]> ranges;

    QuantizedModel(byte[] bytes, long originalBytes, String mode, int weights, int activations, Map<String, double[]> ranges) {
        this.bytes = bytes;
        this.originalBytes = originalBytes;
        this.mode = mode;
        this.weights = weights;
        this.activations = activations;
        this.ranges = Collections.unmodifiableMap(ranges);
    }

    /** The ONNX model bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Size of the float model read, in bytes. */
    public long originalBytes() {
        return originalBytes;
    }

    /** Size of the quantised model, in bytes. */
    public long quantizedBytes() {
        return bytes.length;
    }

    /** {@code int8} or {@code fp16}. */
    public String mode() {
        return mode;
    }

    /** Weight tensors stored quantised (int8) or as float16. */
    public int weightCount() {
        return weights;
    }

    /** Activations given a QuantizeLinear/DequantizeLinear pair (0 in fp16 mode). */
    public int activationCount() {
        return activations;
    }

    /** The calibrated range {lo, hi} of each quantised activation. */
    public Map<String, double[]> ranges() {
        return ranges;
    }

    /** Writes the model to {@code path}. */
    public void write(Path path) throws IOException {
        Files.write(path, bytes);
    }

    /** One line: mode, counts and the sizes before and after. */
    public String summary() {
        return String.format("%s: %d weight tensors, %d activations quantised; size %,d -> %,d bytes (%.1f%%)", mode,
                weights, activations, originalBytes, bytes.length, 100.0 * bytes.length / originalBytes);
    }
}
