package dev.ondeck.kernel.display;

/**
 * A shown output that can be replaced later. A cell whose value is a handle shows nothing more.
 *
 * @param id the Jupyter display_id
 */
public record DisplayHandle(String id) {

    /** Replaces what this handle shows with the rendering of {@code value}. */
    public void update(Object value) {
        Display.updateDisplay(this, value);
    }
}
