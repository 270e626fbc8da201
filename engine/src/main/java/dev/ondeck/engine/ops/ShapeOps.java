package dev.ondeck.engine.ops;

/** Shape manipulation: Reshape, Flatten, Squeeze, Unsqueeze, Transpose, Concat, Split, Expand, Tile, Shape, Size, Identity, Dropout, Constant, ConstantOfShape, Range, EyeLike, Pad, DepthToSpace, SpaceToDepth, Trilu. */
public final class ShapeOps {
    private ShapeOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
