package dev.ondeck.engine.ops;

/** Text features: TfIdfVectorizer. */
public final class TextOps {
    private TextOps() {
    }

    public static void registerAll(OpRegistry r) {
    }
}
