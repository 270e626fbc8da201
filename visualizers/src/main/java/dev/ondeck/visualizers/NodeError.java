package dev.ondeck.visualizers;

/**
 * One node's output error between two backends.
 *
 * @param maxAbs  largest absolute difference (infinite when the outputs cannot be compared)
 * @param maxRel  largest relative difference (NaN when unknown)
 * @param problem a shape or dtype mismatch, or null
 */
public record NodeError(String name, String opType, int index, double maxAbs, double maxRel, String problem) {
}
