package dev.ondeck.kernel;

import dev.ondeck.kernel.comm.Comms;
import dev.ondeck.kernel.eval.CodeAssist;
import dev.ondeck.kernel.eval.Evaluator;
import dev.ondeck.kernel.protocol.Message;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Replies to every request except execute, interrupt and shutdown (which need the kernel's threads). */
final class Requests {
    private final CompletableFuture<Evaluator> evaluator;
    private final History history;

    Requests(CompletableFuture<Evaluator> evaluator, History history) {
        this.evaluator = evaluator;
        this.history = history;
    }

    static Map<String, Object> ok() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        return m;
    }

    static Map<String, Object> error(String ename, String evalue) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "error");
        m.put("ename", ename);
        m.put("evalue", evalue);
        m.put("traceback", List.of(ename + ": " + evalue));
        return m;
    }

    Map<String, Object> refuse(String type) {
        return error("UnsupportedChannel", type + " is only served on the shell channel");
    }

    /** The reply content for {@code req}, or null when the message gets no reply (comm messages). */
    Map<String, Object> handle(Message req, IopubPublisher iopub) {
        return switch (req.type()) {
            case "kernel_info_request" -> kernelInfo();
            case "complete_request" -> complete(req);
            case "inspect_request" -> inspect(req);
            case "is_complete_request" -> isComplete(req);
            case "history_request" -> history(req);
            case "comm_info_request" -> commInfo(req);
            case "comm_open" -> {
                commOpen(req, iopub);
                yield null;
            }
            case "comm_msg" -> {
                Comms.instance().received(req.string("comm_id", ""), data(req));
                yield null;
            }
            case "comm_close" -> {
                Comms.instance().closed(req.string("comm_id", ""));
                yield null;
            }
            default -> req.type().endsWith("_request")
                    ? error("UnknownRequest", "unknown message type " + req.type()) : null;
        };
    }

    private Map<String, Object> kernelInfo() {
        Map<String, Object> lang = new LinkedHashMap<>();
        lang.put("name", "java");
        lang.put("version", Runtime.version().toString());
        lang.put("mimetype", "text/x-java-source");
        lang.put("file_extension", ".jsh");
        lang.put("codemirror_mode", "java");
        lang.put("pygments_lexer", "java");
        Map<String, Object> r = ok();
        r.put("protocol_version", Message.PROTOCOL_VERSION);
        r.put("implementation", "ondeck");
        r.put("implementation_version", "0.1.0");
        r.put("language_info", lang);
        r.put("banner", "Ondeck Java kernel (JShell, JDK " + Runtime.version() + "). %help for help.");
        r.put("help_links", List.of());
        return r;
    }

    private CodeAssist assist() {
        return evaluator.join().assist();
    }

    private Map<String, Object> complete(Message req) {
        String code = req.string("code", "");
        int cursor = charIndex(code, (int) req.number("cursor_pos", code.codePointCount(0, code.length())));
        CodeAssist.Completions c = assist().complete(code, cursor);
        Map<String, Object> r = ok();
        r.put("matches", c.matches());
        r.put("cursor_start", code.codePointCount(0, c.start()));
        r.put("cursor_end", code.codePointCount(0, cursor));
        r.put("metadata", Map.of());
        return r;
    }

    private Map<String, Object> inspect(Message req) {
        String code = req.string("code", "");
        int cursor = charIndex(code, (int) req.number("cursor_pos", code.codePointCount(0, code.length())));
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        String doc = assist().documentation(code, end);
        Map<String, Object> r = ok();
        r.put("found", !doc.isEmpty());
        r.put("data", doc.isEmpty() ? Map.of() : Map.of("text/plain", doc));
        r.put("metadata", Map.of());
        return r;
    }

    private Map<String, Object> isComplete(Message req) {
        String code = req.string("code", "");
        String status = code.stripLeading().startsWith("%") || code.stripLeading().startsWith("?")
                ? "complete" : assist().completeness(code);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("status", status);
        if ("incomplete".equals(status)) {
            r.put("indent", "");
        }
        return r;
    }

    private Map<String, Object> history(Message req) {
        boolean output = req.flag("output", false);
        List<Object> entries = switch (req.string("hist_access_type", "tail")) {
            case "range" -> history.range(req.number("session", 0), (int) req.number("start", 0),
                    (int) req.number("stop", 0), output);
            case "search" -> history.search(req.string("pattern", "*"), (int) req.number("n", 0),
                    req.flag("unique", false), output);
            default -> history.tail((int) req.number("n", 10), output);
        };
        Map<String, Object> r = ok();
        r.put("history", entries);
        return r;
    }

    private Map<String, Object> commInfo(Message req) {
        Map<String, Object> comms = new LinkedHashMap<>();
        Comms.instance().openComms(req.string("target_name", null))
                .forEach((id, target) -> comms.put(id, Map.of("target_name", target)));
        Map<String, Object> r = ok();
        r.put("comms", comms);
        return r;
    }

    private void commOpen(Message req, IopubPublisher iopub) {
        String id = req.string("comm_id", "");
        boolean accepted;
        try {
            accepted = Comms.instance().opened(id, req.string("target_name", ""), data(req));
        } catch (RuntimeException e) {
            accepted = false;
        }
        if (!accepted) {
            Map<String, Object> close = new LinkedHashMap<>();
            close.put("comm_id", id);
            close.put("data", Map.of());
            iopub.publish(req, "comm_close", close);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Message req) {
        Object d = req.content().get("data");
        return d instanceof Map ? (Map<String, Object>) d : Map.of();
    }

    private static int charIndex(String code, int codePoints) {
        int cp = Math.max(0, Math.min(codePoints, code.codePointCount(0, code.length())));
        return code.offsetByCodePoints(0, cp);
    }
}
