package dev.ondeck.kernel.magic;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Magics by name. */
public final class MagicRegistry {
    private static final Logger LOG = Logger.getLogger(MagicRegistry.class.getName());
    private final Map<String, Magic> magics = new TreeMap<>();

    /** A registry holding every {@link Magic} the class loader's service files list. */
    public static MagicRegistry loadAll(ClassLoader loader) {
        MagicRegistry r = new MagicRegistry();
        for (ServiceLoader.Provider<Magic> p : ServiceLoader.load(Magic.class, loader).stream().toList()) {
            try {
                r.register(p.get());
            } catch (java.util.ServiceConfigurationError | RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "magic " + p.type().getName() + " not loaded: " + e);
            }
        }
        return r;
    }

    /** Adds or replaces a magic. */
    public synchronized void register(Magic magic) {
        magics.put(magic.name(), magic);
    }

    /** The magic called {@code name}. */
    public synchronized Optional<Magic> find(String name) {
        return Optional.ofNullable(magics.get(name));
    }

    /** All magics, sorted by name. */
    public synchronized Map<String, Magic> all() {
        return Map.copyOf(magics);
    }

    /** One synopsis line per magic. */
    public synchronized String summary() {
        StringBuilder sb = new StringBuilder();
        for (Magic m : magics.values()) {
            sb.append("  %").append(m.name()).append(" — ").append(m.synopsis()).append('\n');
        }
        return sb.toString();
    }
}
