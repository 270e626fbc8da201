package dev.ondeck.kernel.eval;

/**
 * Stand-in for {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} in cell code: the kernel's
 * class loader rewrites those calls to these methods, which fail the cell instead of ending the kernel.
 */
public final class ExitTrap {
    private ExitTrap() {
    }

    /** Replaces {@code System.exit(status)}. */
    public static void exit(int status) {
        throw new CellExitException(status);
    }

    /** Replaces {@code runtime.exit(status)} and {@code runtime.halt(status)}. */
    public static void exit(Runtime runtime, int status) {
        throw new CellExitException(status);
    }

    /** Thrown when a cell asks the JVM to exit; the kernel reports it as the cell's error and keeps running. */
    public static final class CellExitException extends RuntimeException {
        private final int status;

        CellExitException(int status) {
            super("System.exit(" + status + ") was called in a cell; the kernel keeps running (restart it to start afresh)");
            this.status = status;
        }

        /** The exit status the cell asked for. */
        public int status() {
            return status;
        }
    }
}
