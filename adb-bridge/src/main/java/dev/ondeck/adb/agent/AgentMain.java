package dev.ondeck.adb.agent;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.backend.Backend;
import dev.ondeck.engine.backend.Backends;
import dev.ondeck.engine.profile.ProfileReport;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The device agent: runs the engine's portable core on the phone and answers {@link AgentProtocol} frames on
 * stdin/stdout, or with {@code --listen PORT} on one connection to a device-side loopback port (0: any free
 * port), which it announces on stdout as {@link AgentProtocol#LISTENING} and the port; the host reaches it
 * through an adb forward. Launched as {@code CLASSPATH=/data/local/tmp/.../ondeck-agent.jar app_process / }
 * {@code dev.ondeck.adb.agent.AgentMain}. System.out is redirected to stderr so that nothing else can
 * corrupt the frames. Offers the backends ART has ({@code cpu-portable}, {@code cpu-ref}); with
 * {@code ONDECK_AGENT_BACKENDS=all} every available one.
 */
public final class AgentMain {
    /** The agent's release, reported in HELLO. */
    public static final String AGENT_VERSION = "0.1.0";
    private static final List<String> ART_BACKENDS = Arrays.asList("cpu-portable", Backends.REFERENCE);
    private final DataInputStream in;
    private final DataOutputStream out;
    private Model model;
    private Session session;
    private Result last;
    private final DebugRequests debug = new DebugRequests();

    private AgentMain(DataInputStream in, DataOutputStream out) {
        this.in = in;
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        if (args.length == 2 && "--listen".equals(args[0])) {
            listen(Integer.parseInt(args[1]), stdout);
        } else if (args.length == 0) {
            serve(System.in, stdout);
        } else {
            throw new IllegalArgumentException("usage: AgentMain [--listen PORT]; found " + Arrays.toString(args));
        }
    }

    private static void serve(InputStream in, OutputStream out) throws IOException {
        new AgentMain(new DataInputStream(new BufferedInputStream(in, 1 << 16)),
                new DataOutputStream(new BufferedOutputStream(out, 1 << 16))).serve();
    }

    /** Serves one connection on a device loopback port; gives up when none comes within a minute. */
    private static void listen(int port, OutputStream stdout) throws IOException {
        try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            server.setSoTimeout(60_000);
            stdout.write((AgentProtocol.LISTENING + server.getLocalPort() + "\n").getBytes(StandardCharsets.UTF_8));
            stdout.flush();
            try (Socket s = server.accept()) {
                s.setTcpNoDelay(true);
                serve(s.getInputStream(), s.getOutputStream());
            }
        }
    }

    /** The backends offered on this runtime. */
    public static List<String> backends() {
        boolean all = "all".equals(System.getenv("ONDECK_AGENT_BACKENDS"));
        List<String> names = new ArrayList<>();
        for (Backend b : Backends.all()) {
            if (b.unavailableReason() == null && (all || ART_BACKENDS.contains(b.name()))) {
                names.add(b.name());
            }
        }
        return names;
    }

    private void serve() throws IOException {
        try {
            hello();
            loop();
        } finally {
            closeModel();
        }
    }

    private void loop() throws IOException {
        while (true) {
            AgentProtocol.Frame f;
            try {
                f = AgentProtocol.read(in);
            } catch (EOFException e) {
                return;
            }
            if (f.type == AgentProtocol.QUIT) {
                AgentProtocol.write(out, AgentProtocol.BYE, new byte[0]);
                return;
            }
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            int type;
            try {
                type = handle(f, new DataOutputStream(reply));
            } catch (RuntimeException | IOException | Error e) {
                reply.reset();
                DataOutputStream d = new DataOutputStream(reply);
                AgentProtocol.writeString(d, e.getClass().getSimpleName());
                AgentProtocol.writeString(d, String.valueOf(e.getMessage()));
                type = AgentProtocol.ERROR;
            }
            AgentProtocol.write(out, type, reply.toByteArray());
        }
    }

    private void hello() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(AgentProtocol.MAGIC);
        d.writeInt(AgentProtocol.VERSION);
        AgentProtocol.writeString(d, AGENT_VERSION);
        AgentProtocol.writeString(d, System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        List<String> backends = backends();
        d.writeInt(backends.size());
        for (String s : backends) {
            AgentProtocol.writeString(d, s);
        }
        AgentProtocol.write(out, AgentProtocol.HELLO, b.toByteArray());
    }

    private int handle(AgentProtocol.Frame f, DataOutputStream reply) throws IOException {
        DataInputStream body = f.body();
        switch (f.type) {
            case AgentProtocol.LOAD: return load(body, reply);
            case AgentProtocol.RUN: {
                Map<String, Tensor> inputs = AgentProtocol.readTensors(body);
                last = requireSession().run(inputs);
                debug.end();
                AgentProtocol.writeTensors(reply, last.asMap());
                return AgentProtocol.RESULT;
            }
            case AgentProtocol.TIME: {
                int warmup = body.readInt();
                int runs = body.readInt();
                AgentProtocol.writeLongs(reply, requireSession().timeRuns(AgentProtocol.readTensors(body), warmup, runs));
                return AgentProtocol.TIMES;
            }
            case AgentProtocol.PROFILE: return profile(body, reply);
            case AgentProtocol.FETCH: return fetch(AgentProtocol.readString(body), reply);
            case AgentProtocol.STATE:
                writeMap(reply, DeviceState.snapshot());
                return AgentProtocol.STATE_REPLY;
            case AgentProtocol.DEBUG_START: case AgentProtocol.DEBUG_STEP: case AgentProtocol.DEBUG_STEP_OVER:
            case AgentProtocol.DEBUG_RUN_TO: case AgentProtocol.DEBUG_CONTINUE: case AgentProtocol.DEBUG_RESTART:
            case AgentProtocol.BREAKPOINTS: case AgentProtocol.OVERRIDE: case AgentProtocol.DEBUG_RESULT:
            case AgentProtocol.DEBUG_END:
                return debug.handle(f.type, body, reply, requireSession());
            default:
                throw new IllegalArgumentException("unknown request type " + f.type);
        }
    }

    private int load(DataInputStream body, DataOutputStream reply) throws IOException {
        String path = AgentProtocol.readString(body);
        String backend = AgentProtocol.readString(body);
        if (!backends().contains(backend)) {
            throw new IllegalArgumentException("backend '" + backend + "' is not offered on this device; expected one of " + backends());
        }
        closeModel();
        model = Model.load(Paths.get(devicePath(path)));
        session = model.newSession(backend);
        reply.writeInt(model.inputs().size());
        for (int i = 0; i < model.inputs().size(); i++) {
            AgentProtocol.writeString(reply, model.inputs().get(i).name());
        }
        reply.writeInt(model.outputs().size());
        for (int i = 0; i < model.outputs().size(); i++) {
            AgentProtocol.writeString(reply, model.outputs().get(i).name());
        }
        return AgentProtocol.LOADED;
    }

    /** A device path as this process sees it: on the virtual device, under its sandbox root. */
    static String devicePath(String path) {
        String root = System.getenv("ONDECK_DEVICE_ROOT");
        return root != null && path.startsWith("/") ? root + path : path;
    }

    private int profile(DataInputStream body, DataOutputStream reply) throws IOException {
        int warmup = body.readInt();
        int runs = body.readInt();
        Map<String, Tensor> inputs = AgentProtocol.readTensors(body);
        Session s = requireSession();
        Map<String, String> before = DeviceState.snapshot();
        ProfileReport report = s.profile(inputs, warmup, runs);
        Map<String, String> after = DeviceState.snapshot();
        ReportCodec.writeProfile(reply, report);
        writeMap(reply, before);
        writeMap(reply, after);
        return AgentProtocol.PROFILED;
    }

    private int fetch(String name, DataOutputStream reply) throws IOException {
        Tensor t;
        if (debug.isActive()) {
            t = debug.value(name);
        } else if (last != null) {
            t = last.get(name);
        } else {
            throw new IllegalStateException("nothing to fetch: run or debug first");
        }
        if (t == null) {
            throw new IllegalArgumentException("value '" + name + "' is not computed yet");
        }
        AgentProtocol.writeTensor(reply, name, t);
        return AgentProtocol.TENSOR;
    }

    private Session requireSession() {
        if (session == null) {
            throw new IllegalStateException("no model loaded: send LOAD first");
        }
        return session;
    }

    private static void writeMap(DataOutputStream out, Map<String, String> m) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<String, String> e : m.entrySet()) {
            AgentProtocol.writeString(out, e.getKey());
            AgentProtocol.writeString(out, e.getValue());
        }
    }

    /** Reads a map written by the agent. */
    public static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(AgentProtocol.readString(in), AgentProtocol.readString(in));
        }
        return m;
    }

    private void closeModel() {
        if (session != null) {
            session.close();
        }
        if (model != null) {
            model.close();
        }
        session = null;
        model = null;
        last = null;
        debug.end();
    }
}
