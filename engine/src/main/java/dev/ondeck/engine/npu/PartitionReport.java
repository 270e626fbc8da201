package dev.ondeck.engine.npu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Where every node of a model goes under an NPU profile, the resulting segments, and the hand-offs between them. */
public final class PartitionReport {
    /** One node's placement. */
    public static final class Placement {
        private final int index;
        private final String node;
        private final String opType;
        private final boolean onNpu;
        private final String reason;

        Placement(int index, String node, String opType, boolean onNpu, String reason) {
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

    private final String profile;
    private final List<Placement> placements;
    private final List<Segment> segments = new ArrayList<>();
    private final int handOffs;

    PartitionReport(String profile, List<Placement> placements, int handOffs) {
        this.profile = profile;
        this.placements = Collections.unmodifiableList(placements);
        this.handOffs = handOffs;
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

    /** Tensors made in one segment and read in another. */
    public int handOffs() {
        return handOffs;
    }

    /** A line per node (index, placement, op, name, reason), then the segments and hand-offs. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("profile %s: %d nodes, %d NPU segment(s), %d CPU segment(s), %d hand-off(s)%n", profile,
                placements.size(), npuSegments(), cpuSegments(), handOffs));
        for (Placement p : placements) {
            b.append(String.format("%4d  %-3s  %-18s %-40s %s%n", p.index(), p.onNpu() ? "NPU" : "CPU", p.opType(),
                    p.node(), p.reason()));
        }
        for (Segment s : segments) {
            b.append(String.format("segment %s nodes %d..%d (%d)%n", s.onNpu() ? "NPU" : "CPU", s.first(), s.last(), s.size()));
        }
        return b.toString();
    }
}
