package dev.ondeck.kernel.notebook;

import dev.ondeck.kernel.display.DisplaySink;
import dev.ondeck.kernel.display.MimeBundle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what a cell publishes into nbformat 4 outputs, the way a notebook client applies the kernel's iopub
 * messages: consecutive stream text of one stream is merged, {@code update_display_data} replaces every
 * output shown under that display id (in any cell), {@code clear_output} empties the running cell's outputs
 * (with {@code wait}, when its next output arrives).
 */
final class OutputCollector implements DisplaySink {
    private final Map<String, List<Map<String, Object>>> byDisplayId = new HashMap<>();
    private final List<String> messageTypes = new ArrayList<>();
    private List<Map<String, Object>> outputs = new ArrayList<>();
    private boolean clearPending;

    /** Starts collecting into {@code cellOutputs} (the running cell's, emptied). */
    synchronized void startCell(List<Map<String, Object>> cellOutputs) {
        cellOutputs.clear();
        outputs = cellOutputs;
        clearPending = false;
    }

    /** The iopub message types seen so far, in order ({@code stream}, {@code display_data}, ...). */
    synchronized List<String> messageTypes() {
        return List.copyOf(messageTypes);
    }

    synchronized void stream(String name, String text) {
        messageTypes.add("stream");
        applyPendingClear();
        if (!outputs.isEmpty()) {
            Map<String, Object> last = outputs.get(outputs.size() - 1);
            if ("stream".equals(last.get("output_type")) && name.equals(last.get("name"))) {
                last.put("text", last.get("text") + text);
                return;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("output_type", "stream");
        out.put("name", name);
        out.put("text", text);
        outputs.add(out);
    }

    @Override
    public synchronized void display(MimeBundle bundle, String displayId, boolean update) {
        messageTypes.add(update ? "update_display_data" : "display_data");
        if (update) {
            for (Map<String, Object> shown : byDisplayId.getOrDefault(displayId, List.of())) {
                shown.put("data", new LinkedHashMap<>(bundle.data()));
                shown.put("metadata", new LinkedHashMap<>(bundle.metadata()));
            }
            return;
        }
        applyPendingClear();
        Map<String, Object> out = bundled("display_data", bundle);
        outputs.add(out);
        byDisplayId.computeIfAbsent(displayId, k -> new ArrayList<>()).add(out);
    }

    synchronized void result(int executionCount, MimeBundle bundle) {
        messageTypes.add("execute_result");
        applyPendingClear();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("output_type", "execute_result");
        out.put("execution_count", executionCount);
        out.putAll(bundled("execute_result", bundle));
        outputs.add(out);
    }

    synchronized void error(String ename, String evalue, List<String> traceback) {
        messageTypes.add("error");
        applyPendingClear();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("output_type", "error");
        out.put("ename", ename);
        out.put("evalue", evalue);
        out.put("traceback", new ArrayList<>(traceback));
        outputs.add(out);
    }

    @Override
    public synchronized void clearOutput(boolean wait) {
        messageTypes.add("clear_output");
        if (wait) {
            clearPending = true;
        } else {
            clear();
        }
    }

    private void applyPendingClear() {
        if (clearPending) {
            clearPending = false;
            clear();
        }
    }

    private void clear() {
        for (Map<String, Object> out : outputs) {
            byDisplayId.values().forEach(list -> list.removeIf(o -> o == out));
        }
        outputs.clear();
    }

    private static Map<String, Object> bundled(String type, MimeBundle bundle) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("output_type", type);
        out.put("data", new LinkedHashMap<>(bundle.data()));
        out.put("metadata", new LinkedHashMap<>(bundle.metadata()));
        return out;
    }
}
