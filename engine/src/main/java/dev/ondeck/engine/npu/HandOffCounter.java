package dev.ondeck.engine.npu;

import dev.ondeck.engine.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link NpuEmuBackend} handed between NPU segments and CPU segments while it ran: a count and the bytes
 * of the tensors themselves, as they were at run time, and the count per tensor. Cumulative over the runs of the
 * sessions bound to one backend; {@link #reset()} starts again. Counted by the kernel of each hand-off's first
 * reader in its segment ({@link PartitionReport.HandOff#reader()}), as it executes.
 */
public final class HandOffCounter {
    private long count;
    private long bytes;
    private long toNpu;
    private long toCpu;
    private final Map<String, Long> byTensor = new LinkedHashMap<>();

    /** Records that {@code value} (tensor {@code name}) crossed into a segment, to the NPU or to the CPU. */
    synchronized void record(String name, Tensor value, boolean intoNpu) {
        count++;
        bytes += (long) value.size() * value.dtype().byteSize();
        if (intoNpu) {
            toNpu++;
        } else {
            toCpu++;
        }
        byTensor.merge(name, 1L, Long::sum);
    }

    /** Hand-offs counted so far. */
    public synchronized long count() {
        return count;
    }

    /** Bytes of the tensors handed off so far. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Hand-offs from a CPU segment into an NPU segment. */
    public synchronized long intoNpu() {
        return toNpu;
    }

    /** Hand-offs from an NPU segment into a CPU segment. */
    public synchronized long intoCpu() {
        return toCpu;
    }

    /** Hand-offs counted per tensor name, in the order first seen. */
    public synchronized Map<String, Long> byTensor() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(byTensor));
    }

    /** Forgets everything counted. */
    public synchronized void reset() {
        count = 0;
        bytes = 0;
        toNpu = 0;
        toCpu = 0;
        byTensor.clear();
    }

    /** The counters as {@link dev.ondeck.engine.backend.Backend#counters()} shows them. */
    synchronized Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("npu_hand_offs", count);
        m.put("npu_hand_off_bytes", bytes);
        m.put("npu_hand_offs_into_npu", toNpu);
        m.put("npu_hand_offs_into_cpu", toCpu);
        return m;
    }
}
