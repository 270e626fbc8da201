package dev.ondeck.engine.ops;

/** Image ops: Resize, Upsample, GridSample, AffineGrid, NonMaxSuppression. */
public final class ImageOps {
    private ImageOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
