package dev.ondeck.kernel;

import dev.ondeck.kernel.comm.Comms;
import dev.ondeck.kernel.display.Display;
import dev.ondeck.kernel.display.DisplayHandle;
import dev.ondeck.kernel.display.DisplaySink;
import dev.ondeck.kernel.display.MimeBundle;
import dev.ondeck.kernel.display.RendererRegistry;
import dev.ondeck.kernel.eval.CellOutcome;
import dev.ondeck.kernel.eval.Evaluator;
import dev.ondeck.kernel.eval.ImportProvider;
import dev.ondeck.kernel.io.StdinStream;
import dev.ondeck.kernel.io.StreamRouter;
import dev.ondeck.kernel.magic.MagicRegistry;
import dev.ondeck.kernel.protocol.Channel;
import dev.ondeck.kernel.protocol.ConnectionInfo;
import dev.ondeck.kernel.protocol.Message;
import dev.ondeck.kernel.protocol.MessageSigner;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A running Jupyter kernel: five sockets, one thread per inbound channel, a single iopub writer, and a JShell
 * evaluator started in the background. Cells run one at a time on the shell thread; the control thread stays
 * free for interrupt, shutdown and kernel_info.
 */
public final class Kernel implements DisplaySink {
    private static final Logger LOG = Logger.getLogger(Kernel.class.getName());
    private static final List<String> DEFAULT_IMPORTS = List.of(
            "import java.util.*;", "import java.util.function.*;", "import java.util.stream.*;",
            "import java.io.*;", "import java.nio.file.*;", "import java.math.*;",
            "import static dev.ondeck.kernel.display.Display.*;");

    private final String session = UUID.randomUUID().toString();
    private final ZContext zmq = new ZContext();
    private final Channel shell;
    private final Channel control;
    private final IopubPublisher iopub;
    private final StdinBridge stdin;
    private final ZMQ.Socket heartbeat;
    private final CompletableFuture<Evaluator> evaluator;
    private final MagicRegistry magics;
    private final History history = new History(JupyterDataDir.forUser().resolve("ondeck/history.jsonl"));
    private final Requests requests;
    private final CountDownLatch done = new CountDownLatch(1);
    private int executionCount;
    private volatile boolean executing;
    private volatile boolean interruptWhileStarting;
    /** Set when a cell failed with stop_on_error; queued execute requests are aborted until the queue drains. */
    private boolean aborting;

    private Kernel(ConnectionInfo info) {
        MessageSigner signer = new MessageSigner(info.key(), info.signatureScheme());
        shell = new Channel("shell", bind(SocketType.ROUTER, info, info.shellPort()), signer);
        control = new Channel("control", bind(SocketType.ROUTER, info, info.controlPort()), signer);
        ZMQ.Socket pub = bind(SocketType.PUB, info, info.iopubPort());
        pub.setLinger(1000);
        iopub = new IopubPublisher(new Channel("iopub", pub, signer), session);
        heartbeat = bind(SocketType.REP, info, info.hbPort());
        ClassLoader loader = Kernel.class.getClassLoader();
        RendererRegistry renderers = RendererRegistry.loadAll(loader);
        magics = MagicRegistry.loadAll(loader);
        evaluator = CompletableFuture.supplyAsync(() -> standardEvaluator(loader),
                r -> Thread.ofPlatform().name("jshell-start").daemon().start(r));
        stdin = new StdinBridge(new Channel("stdin", bind(SocketType.ROUTER, info, info.stdinPort()), signer),
                session, iopub, () -> evaluator.isDone() && !evaluator.isCompletedExceptionally()
                        && evaluator.join().interrupted());
        requests = new Requests(evaluator, history);
        Display.install(this, renderers);
        Comms.instance().connect(iopub::publish);
    }

    private ZMQ.Socket bind(SocketType type, ConnectionInfo info, int port) {
        ZMQ.Socket s = zmq.createSocket(type);
        s.setLinger(0);
        s.bind(info.endpoint(port));
        return s;
    }

    /**
     * Binds the sockets from {@code info}, routes {@code System.out/err/in} through the kernel, and starts
     * serving. Returns at once; {@link #awaitShutdown()} blocks until a shutdown request.
     */
    public static Kernel start(ConnectionInfo info) {
        Kernel k = new Kernel(info);
        System.setOut(new PrintStream(new StreamRouter(t -> k.iopub.stream("stdout", t)), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new StreamRouter(t -> k.iopub.stream("stderr", t)), true, StandardCharsets.UTF_8));
        System.setIn(new StdinStream(k.stdin));
        k.iopub.start();
        Thread.ofPlatform().name("heartbeat").daemon().start(k::heartbeatLoop);
        Thread.ofPlatform().name("control").daemon().start(() -> k.serve(k.control));
        Thread.ofPlatform().name("shell").daemon().start(() -> k.serve(k.shell));
        return k;
    }

    /**
     * The evaluator a kernel runs cells in: this JVM's class path, the default imports plus every
     * {@link ImportProvider}'s, warmed up. Also used by the headless notebook and script runners.
     */
    public static Evaluator standardEvaluator(ClassLoader loader) {
        List<String> imports = new ArrayList<>(DEFAULT_IMPORTS);
        for (ImportProvider p : ServiceLoader.load(ImportProvider.class, loader)) {
            imports.addAll(p.imports());
        }
        List<String> cp = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        Evaluator ev = new Evaluator(cp, imports);
        ev.warmUp();
        return ev;
    }

    /** Blocks until the kernel has been asked to shut down and its last messages are sent. */
    public void awaitShutdown() throws InterruptedException {
        done.await();
        iopub.close();
    }

    /** Interrupts the running cell, if any (also what SIGINT does). */
    public void interrupt() {
        if (executing) {
            // remembered for the cell being started: execute() clears the evaluator's flag before it runs
            interruptWhileStarting = true;
        }
        if (evaluator.isDone() && !evaluator.isCompletedExceptionally()) {
            evaluator.join().interrupt();
        }
    }

    private void heartbeatLoop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                byte[] ping = heartbeat.recv(0);
                if (ping == null) {
                    return;
                }
                heartbeat.send(ping, 0);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "heartbeat stopped", e);
        }
    }

    private void serve(Channel channel) {
        while (done.getCount() > 0) {
            Message req;
            try {
                if (channel == shell && aborting && !channel.hasPending()) {
                    aborting = false;
                }
                req = channel.receive();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "channel closed", e);
                return;
            }
            if (req != null) {
                handle(channel, req);
            }
        }
    }

    private void handle(Channel channel, Message req) {
        String type = req.type();
        if (channel == shell) {
            iopub.parent(req);
        }
        iopub.status(req, "busy");
        try {
            Map<String, Object> reply = switch (type) {
                case "execute_request" -> channel == control ? requests.refuse(type)
                        : aborting ? aborted() : execute(req);
                case "interrupt_request" -> {
                    interrupt();
                    yield Requests.ok();
                }
                case "shutdown_request" -> {
                    Map<String, Object> r = Requests.ok();
                    r.put("restart", req.flag("restart", false));
                    yield r;
                }
                default -> requests.handle(req, iopub);
            };
            if (reply != null) {
                channel.send(Message.child(req, type.replace("_request", "_reply"), session, reply));
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "request " + type + " failed", e);
            if (type.endsWith("_request")) {
                channel.send(Message.child(req, type.replace("_request", "_reply"), session,
                        Requests.error(e.getClass().getName(), String.valueOf(e.getMessage()))));
            }
        } finally {
            iopub.status(req, "idle");
        }
        if ("shutdown_request".equals(type)) {
            done.countDown();
        }
    }

    private Map<String, Object> execute(Message req) {
        String code = req.string("code", "");
        boolean silent = req.flag("silent", false);
        boolean store = req.flag("store_history", true) && !silent;
        if (store) {
            executionCount++;
        }
        int count = executionCount;
        iopub.parent(req);
        interruptWhileStarting = false;
        executing = true;
        if (!silent) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("code", code);
            input.put("execution_count", count);
            iopub.publish(req, "execute_input", input);
        }
        stdin.request(req, req.flag("allow_stdin", false));
        CellOutcome outcome;
        CellRunner runner = null;
        try {
            Evaluator ev = evaluator.join();
            ev.clearInterrupt();
            if (interruptWhileStarting) {
                ev.interrupt();
            }
            runner = new CellRunner(ev, magics, count);
            outcome = runner.runCell(code);
        } catch (RuntimeException e) {
            outcome = new CellOutcome.Failed(e.getClass().getName(), String.valueOf(e.getMessage()),
                    List.of("The kernel could not run the cell: " + e));
        } finally {
            executing = false;
            interruptWhileStarting = false;
        }
        System.out.flush();
        System.err.flush();
        iopub.flush();
        String output = publishOutcome(req, outcome, count, silent);
        if (store) {
            history.add(count, code, output);
        }
        Map<String, Object> reply;
        if (outcome instanceof CellOutcome.Failed f) {
            aborting = req.flag("stop_on_error", true);
            reply = Requests.error(f.ename(), f.evalue());
            reply.put("traceback", f.traceback());
        } else {
            reply = Requests.ok();
            reply.put("payload", runner == null ? List.of() : runner.payloads());
            reply.put("user_expressions", userExpressions(req));
        }
        reply.put("execution_count", count);
        return reply;
    }

    /** The reply to an execute request queued behind a failed cell that asked to stop on error. */
    private Map<String, Object> aborted() {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "aborted");
        reply.put("execution_count", executionCount);
        return reply;
    }

    /** Evaluates the request's user_expressions (name → Java expression) after the cell, as the protocol asks. */
    private Map<String, Object> userExpressions(Message req) {
        Map<String, Object> results = new LinkedHashMap<>();
        if (!(req.content().get("user_expressions") instanceof Map<?, ?> exprs) || exprs.isEmpty()) {
            return results;
        }
        Evaluator ev = evaluator.join();
        exprs.forEach((name, expr) -> {
            CellOutcome o = ev.eval(String.valueOf(expr), executionCount);
            Map<String, Object> r = new LinkedHashMap<>();
            if (o instanceof CellOutcome.Failed f) {
                r.putAll(Requests.error(f.ename(), f.evalue()));
            } else {
                CellOutcome.Ok ok = (CellOutcome.Ok) o;
                MimeBundle b = Display.registry().render(ok.value(), ok.text());
                r.put("status", "ok");
                r.put("data", b.data());
                r.put("metadata", b.metadata());
            }
            results.put(String.valueOf(name), r);
        });
        return results;
    }

    private String publishOutcome(Message req, CellOutcome outcome, int count, boolean silent) {
        switch (outcome) {
            case CellOutcome.Failed f -> {
                Map<String, Object> err = new LinkedHashMap<>();
                err.put("ename", f.ename());
                err.put("evalue", f.evalue());
                err.put("traceback", f.traceback());
                iopub.publish(req, "error", err);
                return null;
            }
            case CellOutcome.Ok ok when ok.hasValue() && !silent && !(ok.value() instanceof DisplayHandle) -> {
                MimeBundle b = Display.registry().render(ok.value(), ok.text());
                Map<String, Object> res = new LinkedHashMap<>();
                res.put("execution_count", count);
                res.put("data", b.data());
                res.put("metadata", b.metadata());
                iopub.publish(req, "execute_result", res);
                return String.valueOf(b.data().get("text/plain"));
            }
            default -> {
                return null;
            }
        }
    }

    @Override
    public void display(MimeBundle bundle, String displayId, boolean update) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("data", bundle.data());
        content.put("metadata", bundle.metadata());
        content.put("transient", Map.of("display_id", displayId));
        iopub.publish(update ? "update_display_data" : "display_data", content);
    }

    @Override
    public void clearOutput(boolean wait) {
        iopub.publish("clear_output", Map.of("wait", wait));
    }
}
