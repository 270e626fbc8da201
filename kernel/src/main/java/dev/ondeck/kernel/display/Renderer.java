package dev.ondeck.kernel.display;

/**
 * Turns values of one type into a {@link MimeBundle}. Implementations are found with {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/dev.ondeck.kernel.display.Renderer}) or registered directly.
 */
public interface Renderer {

    /** The type this renderer handles, subclasses included. */
    Class<?> type();

    /** The bundle for {@code value} (an instance of {@link #type()}); {@code text/plain} is added if missing. */
    MimeBundle render(Object value);
}
