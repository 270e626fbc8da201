package dev.ondeck.kernel.display;

import java.util.UUID;

/**
 * The display API for cell code (statically imported into every session): {@code display(obj)},
 * {@code display(mime, data)}, {@code updateDisplay(handle, obj)}, {@code clearOutput()} and bundle helpers.
 */
public final class Display {
    private static volatile DisplaySink sink;
    private static volatile RendererRegistry registry = new RendererRegistry();

    private Display() {
    }

    /** Connects the API to a kernel; called once by the kernel at start-up. */
    public static void install(DisplaySink newSink, RendererRegistry newRegistry) {
        sink = newSink;
        registry = newRegistry;
    }

    /** Whether a kernel or runner is connected, so that displays go somewhere. */
    public static boolean connected() {
        return sink != null;
    }

    /** The registry used to render values. */
    public static RendererRegistry registry() {
        return registry;
    }

    /** Shows {@code value} rendered by the registry; returns a handle for {@link #updateDisplay}. */
    public static DisplayHandle display(Object value) {
        DisplayHandle h = new DisplayHandle(UUID.randomUUID().toString());
        send(bundleOf(value), h.id(), false);
        return h;
    }

    /** Shows {@code data} as MIME type {@code mime} (byte arrays are base64-encoded). */
    public static DisplayHandle display(String mime, Object data) {
        DisplayHandle h = new DisplayHandle(UUID.randomUUID().toString());
        MimeBundle b = MimeBundle.of(mime, data);
        if (!b.has("text/plain")) {
            b.put("text/plain", "<" + mime + ">");
        }
        send(b, h.id(), false);
        return h;
    }

    /** Replaces the output shown under {@code handle} with the rendering of {@code value}. */
    public static void updateDisplay(DisplayHandle handle, Object value) {
        send(bundleOf(value), handle.id(), true);
    }

    /** Replaces the output shown under display id {@code id}. */
    public static void updateDisplay(String id, Object value) {
        send(bundleOf(value), id, true);
    }

    /** Clears the cell's output now. */
    public static void clearOutput() {
        clearOutput(false);
    }

    /** Clears the cell's output; with {@code wait}, only when new output arrives. */
    public static void clearOutput(boolean wait) {
        DisplaySink s = sink;
        if (s != null) {
            s.clearOutput(wait);
        }
    }

    /**
     * Shows a progress bar labelled {@code label} that updates in place; pass {@code bar::update} as a progress
     * listener, e.g. {@code session.profile(inputs, 2, 20, progress("profiling")::update)}.
     */
    public static ProgressBar progress(String label) {
        return ProgressBar.show(label);
    }

    /** A bundle showing {@code html} as HTML. */
    public static MimeBundle html(String html) {
        return MimeBundle.of("text/html", html).put("text/plain", "<HTML>");
    }

    /** A bundle showing {@code markdown} as Markdown. */
    public static MimeBundle markdown(String markdown) {
        return MimeBundle.of("text/markdown", markdown).put("text/plain", markdown);
    }

    /** A bundle showing an SVG document. */
    public static MimeBundle svg(String svg) {
        return MimeBundle.of("image/svg+xml", svg).put("text/plain", "<SVG image>");
    }

    /** A bundle showing PNG bytes. */
    public static MimeBundle png(byte[] png) {
        return MimeBundle.of("image/png", png).put("text/plain", "<PNG image>");
    }

    private static MimeBundle bundleOf(Object value) {
        return registry.render(value, String.valueOf(value));
    }

    private static void send(MimeBundle bundle, String id, boolean update) {
        DisplaySink s = sink;
        if (s == null) {
            throw new IllegalStateException("display is only available inside a running kernel");
        }
        s.display(bundle, id, update);
    }
}
