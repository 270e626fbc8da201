package dev.ondeck.engine.npu;

import dev.ondeck.engine.report.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where every node of a model goes under an NPU profile, the resulting segments, and the hand-offs between them:
 * each tensor made in one segment and read in another, once per reading segment. Static: {@link NpuEmuBackend}
 * counts the same hand-offs again while it runs ({@link HandOffCounter}).
 */
public final class PartitionReport {
    /** One node's placement. */
    public static final class Placement {
        private final int index;
        private final String node;
        private final String opType;
        private final boolean onNpu;
        private final String reason;
        private final boolean float16;

        Placement(int index, String node, String opType, boolean onNpu, String reason, boolean float16) {
            this.float16 = float16;
            this.index = index;
            this.node = node;
            this.opType = opType;
            this.onNpu = onNpu;
            this.reason = reason;
        }

        public int index() {
            return index;
        }

        public String node() {
            return node;
        }

        public String opType() {
            return opType;
        }

        public boolean onNpu() {
            return onNpu;
        }

        /**
         * Whether it is on the NPU only because the profile relaxes float32 to float16: {@code npu-emu} then
         * rounds its float outputs to float16.
         */
        public boolean float16() {
            return float16;
        }

        /** Why it is placed so: the refusal for a CPU fallback. */
        public String reason() {
            return reason;
        }
    }

    /** A run of consecutive nodes with the same placement: nodes [first, last]. */
    public static final class Segment {
        private final boolean onNpu;
        private final int first;
        private final int last;

        Segment(boolean onNpu, int first, int last) {
            this.onNpu = onNpu;
            this.first = first;
            this.last = last;
        }

        public boolean onNpu() {
            return onNpu;
        }

        public int first() {
            return first;
        }

        public int last() {
            return last;
        }

        public int size() {
            return last - first + 1;
        }
    }

    /** A tensor made in segment {@code from} and read in segment {@code to}, first read there by node {@code reader}. */
    public static final class HandOff {
        private final String tensor;
        private final int from;
        private final int to;
        private final int reader;
        private final long bytes;

        HandOff(String tensor, int from, int to, int reader, long bytes) {
            this.tensor = tensor;
            this.from = from;
            this.to = to;
            this.reader = reader;
            this.bytes = bytes;
        }

        public String tensor() {
            return tensor;
        }

        /** Index into {@link #segments()} of the segment that makes the tensor. */
        public int from() {
            return from;
        }

        /** Index into {@link #segments()} of the segment that reads it. */
        public int to() {
            return to;
        }

        /** Node index of its first reader in segment {@code to}, where the hand-off happens. */
        public int reader() {
            return reader;
        }

        /** Its size in bytes from the shapes known at prepare time, or -1 when they are known only at run time. */
        public long bytes() {
            return bytes;
        }
    }

    private final String profile;
    private final List<Placement> placements;
    private final List<Segment> segments = new ArrayList<>();
    private final List<HandOff> handOffTensors;

    PartitionReport(String profile, List<Placement> placements, List<HandOff> handOffTensors) {
        this.profile = profile;
        this.placements = Collections.unmodifiableList(placements);
        this.handOffTensors = Collections.unmodifiableList(new ArrayList<>(handOffTensors));
        int start = 0;
        for (int n = 1; n <= placements.size(); n++) {
            if (n == placements.size() || placements.get(n).onNpu() != placements.get(start).onNpu()) {
                segments.add(new Segment(placements.get(start).onNpu(), start, n - 1));
                start = n;
            }
        }
    }

    public String profile() {
        return profile;
    }

    public List<Placement> placements() {
        return placements;
    }

    public List<Segment> segments() {
        return Collections.unmodifiableList(segments);
    }

    public long npuSegments() {
        return segments.stream().filter(Segment::onNpu).count();
    }

    public long cpuSegments() {
        return segments.stream().filter(s -> !s.onNpu()).count();
    }

    /** Tensors made in one segment and read in another (a tensor read by two other segments counts twice). */
    public int handOffs() {
        return handOffTensors.size();
    }

    /** The hand-offs, in order of their first reader. */
    public List<HandOff> handOffTensors() {
        return handOffTensors;
    }

    /** Index into {@link #segments()} of the segment holding node {@code node}. */
    public int segmentOf(int node) {
        for (int i = 0; i < segments.size(); i++) {
            if (node <= segments.get(i).last()) {
                return i;
            }
        }
        throw new IndexOutOfBoundsException("node " + node + " of " + placements.size());
    }

    /** A line per node (index, placement, op, name, reason), then the segments and hand-offs. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("profile %s: %d nodes, %d NPU segment(s), %d CPU segment(s), %d hand-off(s)%n", profile,
                placements.size(), npuSegments(), cpuSegments(), handOffs()));
        for (Placement p : placements) {
            b.append(String.format("%4d  %-3s  %-18s %-40s %s%n", p.index(), p.onNpu() ? "NPU" : "CPU", p.opType(),
                    p.node(), p.reason()));
        }
        for (Segment s : segments) {
            b.append(String.format("segment %s nodes %d..%d (%d)%n", s.onNpu() ? "NPU" : "CPU", s.first(), s.last(), s.size()));
        }
        for (HandOff h : handOffTensors) {
            b.append(String.format("hand-off %s: segment %d (%s) -> segment %d (%s), %s%n", h.tensor(), h.from(),
                    segments.get(h.from()).onNpu() ? "NPU" : "CPU", h.to(), segments.get(h.to()).onNpu() ? "NPU" : "CPU",
                    h.bytes() < 0 ? "size known at run time" : h.bytes() + " bytes"));
        }
        return b.toString();
    }

    /**
     * The partition as JSON ({@code ondeck.partition/1}, documented in docs/profile-schema.md): profile, counts,
     * every node's placement and reason, the segments and the hand-off tensors.
     */
    public String toJson() {
        StringBuilder b = new StringBuilder("{\n  \"schema\": \"ondeck.partition/1\",\n");
        b.append("  \"profile\": ").append(Json.str(profile)).append(",\n");
        b.append("  \"node_count\": ").append(placements.size()).append(",\n");
        b.append("  \"npu_segments\": ").append(npuSegments()).append(",\n");
        b.append("  \"cpu_segments\": ").append(cpuSegments()).append(",\n");
        b.append("  \"hand_offs\": ").append(handOffs()).append(",\n  \"nodes\": [\n");
        for (int i = 0; i < placements.size(); i++) {
            Placement p = placements.get(i);
            b.append("    {\"index\": ").append(p.index()).append(", \"name\": ").append(Json.str(p.node()))
                    .append(", \"op_type\": ").append(Json.str(p.opType()))
                    .append(", \"placement\": ").append(Json.str(p.onNpu() ? "npu" : "cpu"))
                    .append(", \"segment\": ").append(segmentOf(i))
                    .append(", \"float16\": ").append(p.float16())
                    .append(", \"reason\": ").append(Json.str(p.reason()))
                    .append(i + 1 < placements.size() ? "},\n" : "}\n");
        }
        b.append("  ],\n  \"segments\": [\n");
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            b.append("    {\"placement\": ").append(Json.str(s.onNpu() ? "npu" : "cpu")).append(", \"first\": ").append(s.first())
                    .append(", \"last\": ").append(s.last()).append(", \"size\": ").append(s.size())
                    .append(i + 1 < segments.size() ? "},\n" : "}\n");
        }
        b.append("  ],\n  \"hand_off_tensors\": [\n");
        for (int i = 0; i < handOffTensors.size(); i++) {
            HandOff h = handOffTensors.get(i);
            b.append("    {\"tensor\": ").append(Json.str(h.tensor())).append(", \"from_segment\": ").append(h.from())
                    .append(", \"to_segment\": ").append(h.to()).append(", \"reader\": ").append(h.reader())
                    .append(", \"bytes\": ").append(h.bytes())
                    .append(i + 1 < handOffTensors.size() ? "},\n" : "}\n");
        }
        return b.append("  ]\n}\n").toString();
    }
}
