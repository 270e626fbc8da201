package dev.ondeck.visualizers;

/** What a graph node's fill colour shows. */
public enum NodeColour {
    /** One colour per op type. */
    OP_TYPE,
    /** Share of the profiled time, white to red. */
    TIME_SHARE,
    /** One colour per backend. */
    BACKEND,
    /** Orange for nodes that fell back to another backend, grey otherwise. */
    FALLBACK
}
