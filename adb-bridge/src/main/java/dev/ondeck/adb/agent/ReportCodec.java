package dev.ondeck.adb.agent;

import dev.ondeck.engine.debug.Breakpoint;
import dev.ondeck.engine.debug.StopEvent;
import dev.ondeck.engine.profile.NodeProfile;
import dev.ondeck.engine.profile.ProfileReport;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent protocol's encoding of engine reports: a {@link ProfileReport} with every per-run time (so the
 * host rebuilds the same report, percentiles and charts included), a debugger's {@link StopEvent} and
 * breakpoints by kind and argument. Android API 26 only: the agent writes what the host reads.
 */
public final class ReportCodec {
    private ReportCodec() {
    }

    public static void writeProfile(DataOutputStream out, ProfileReport r) throws IOException {
        AgentProtocol.writeString(out, r.model());
        AgentProtocol.writeString(out, r.backend());
        out.writeInt(r.threads());
        out.writeInt(r.warmup());
        AgentProtocol.writeLongs(out, r.runTimes());
        AgentProtocol.writeLongs(out, r.nodeTimeSums());
        out.writeInt(r.nodes().size());
        for (NodeProfile n : r.nodes()) {
            AgentProtocol.writeString(out, n.name());
            AgentProtocol.writeString(out, n.opType());
            out.writeInt(n.index());
            AgentProtocol.writeString(out, n.backend());
            out.writeBoolean(n.folded());
            AgentProtocol.writeLongs(out, n.times());
            out.writeLong(n.flops());
            out.writeLong(n.inputBytes());
            out.writeLong(n.outputBytes());
            AgentProtocol.writeString(out, n.outputShapes());
        }
        AgentProtocol.writeLongs(out, r.memoryTimeline());
        AgentProtocol.writeLongs(out, r.traceStarts());
        AgentProtocol.writeLongs(out, r.traceDurations());
    }

    /** Reads a profile; a non-null {@code modelName} replaces the device's file name (a content hash). */
    public static ProfileReport readProfile(DataInputStream in, String modelName) throws IOException {
        String model = AgentProtocol.readString(in);
        String backend = AgentProtocol.readString(in);
        int threads = in.readInt();
        int warmup = in.readInt();
        long[] runTimes = AgentProtocol.readLongs(in);
        long[] nodeSums = AgentProtocol.readLongs(in);
        int n = in.readInt();
        List<NodeProfile> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(NodeProfile.of(AgentProtocol.readString(in), AgentProtocol.readString(in), in.readInt(),
                    AgentProtocol.readString(in), in.readBoolean(), AgentProtocol.readLongs(in), in.readLong(), in.readLong(),
                    in.readLong(), AgentProtocol.readString(in)));
        }
        long[] memory = AgentProtocol.readLongs(in);
        long[] starts = AgentProtocol.readLongs(in);
        long[] durations = AgentProtocol.readLongs(in);
        return ProfileReport.of(modelName != null ? modelName : model, backend, threads, warmup, runTimes, nodeSums, nodes,
                memory, starts, durations);
    }

    public static void writeStop(DataOutputStream out, StopEvent e) throws IOException {
        AgentProtocol.writeString(out, e.reason().name());
        AgentProtocol.writeOptional(out, e.node());
        AgentProtocol.writeOptional(out, e.opType());
        out.writeInt(e.depth());
        out.writeBoolean(e.afterNode());
        AgentProtocol.writeOptional(out, e.detail());
    }

    public static StopEvent readStop(DataInputStream in) throws IOException {
        StopEvent.Reason reason = StopEvent.Reason.valueOf(AgentProtocol.readString(in));
        return StopEvent.of(reason, AgentProtocol.readOptional(in), AgentProtocol.readOptional(in), in.readInt(),
                in.readBoolean(), AgentProtocol.readOptional(in));
    }

    /** Writes breakpoints by kind and argument; a Java-predicate breakpoint is refused. */
    public static void writeBreakpoints(DataOutputStream out, List<Breakpoint> breakpoints) throws IOException {
        out.writeInt(breakpoints.size());
        for (Breakpoint b : breakpoints) {
            AgentProtocol.writeString(out, b.kind().name());
            AgentProtocol.writeString(out, b.argument());
        }
    }

    public static List<Breakpoint> readBreakpoints(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<Breakpoint> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Breakpoint.of(Breakpoint.Kind.valueOf(AgentProtocol.readString(in)), AgentProtocol.readString(in)));
        }
        return out;
    }
}
