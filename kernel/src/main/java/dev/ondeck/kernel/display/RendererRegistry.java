package dev.ondeck.kernel.display;

import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Maps a value's type to the renderer for the most specific type it is an instance of. */
public final class RendererRegistry {
    private static final Logger LOG = Logger.getLogger(RendererRegistry.class.getName());
    private final List<Renderer> renderers = new CopyOnWriteArrayList<>();

    /** A registry holding every {@link Renderer} the class loader's service files list. */
    public static RendererRegistry loadAll(ClassLoader loader) {
        RendererRegistry r = new RendererRegistry();
        for (ServiceLoader.Provider<Renderer> p : ServiceLoader.load(Renderer.class, loader).stream().toList()) {
            try {
                r.register(p.get());
            } catch (java.util.ServiceConfigurationError | RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "renderer " + p.type().getName() + " not loaded: " + e);
            }
        }
        return r;
    }

    /** Adds a renderer; for equally specific types the one registered last wins. */
    public void register(Renderer renderer) {
        renderers.add(renderer);
    }

    /** The registered renderers. */
    public List<Renderer> renderers() {
        return List.copyOf(renderers);
    }

    /**
     * The bundle for {@code value}: from the most specific renderer, else {@code text/plain} of
     * {@code fallbackText}. A renderer that throws falls back to text and the failure is logged.
     */
    public MimeBundle render(Object value, String fallbackText) {
        MimeBundle bundle = null;
        if (value instanceof MimeBundle b) {
            bundle = b;
        } else if (value != null) {
            Renderer best = find(value.getClass());
            if (best != null) {
                try {
                    bundle = best.render(value);
                } catch (RuntimeException | LinkageError e) {
                    LOG.log(Level.WARNING, "renderer for " + best.type().getName() + " failed", e);
                }
            }
        }
        if (bundle == null) {
            bundle = new MimeBundle();
        }
        if (!bundle.has("text/plain")) {
            bundle.put("text/plain", fallbackText);
        }
        return bundle;
    }

    private Renderer find(Class<?> type) {
        Renderer best = null;
        for (Renderer r : renderers) {
            if (r.type().isAssignableFrom(type) && (best == null || best.type().isAssignableFrom(r.type()))) {
                best = r;
            }
        }
        return best;
    }
}
