package dev.ondeck.engine.backend;

import dev.ondeck.engine.OndeckException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The backends on the class path, found with {@link ServiceLoader}. */
public final class Backends {
    /** The reference backend: every op, scalar, the specification. */
    public static final String REFERENCE = "cpu-ref";
    private static final List<String> DEFAULT_PREFERENCE = java.util.Arrays.asList("cpu", "cpu-portable", REFERENCE);
    private static volatile List<Backend> cache;

    private Backends() {
    }

    /** Every backend found, available or not. */
    public static List<Backend> all() {
        List<Backend> list = cache;
        if (list == null) {
            list = new ArrayList<>();
            for (Backend b : ServiceLoader.load(Backend.class, Backends.class.getClassLoader())) {
                list.add(b);
            }
            cache = list = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(list));
        }
        return list;
    }

    /** The backend of that name; fails listing the valid names, or saying why it is unavailable here. */
    public static Backend find(String name) {
        for (Backend b : all()) {
            if (b.name().equals(name)) {
                String why = b.unavailableReason();
                if (why != null) {
                    throw new OndeckException("backend '" + name + "' is unavailable here: " + why);
                }
                return b;
            }
        }
        throw new OndeckException("unknown backend '" + name + "'; expected one of "
                + all().stream().map(Backend::name).collect(Collectors.toList()));
    }

    /** The fastest general CPU backend available: {@code cpu}, else {@code cpu-portable}, else {@code cpu-ref}. */
    public static String defaultName() {
        for (String name : DEFAULT_PREFERENCE) {
            for (Backend b : all()) {
                if (b.name().equals(name) && b.unavailableReason() == null) {
                    return name;
                }
            }
        }
        return REFERENCE;
    }
}
