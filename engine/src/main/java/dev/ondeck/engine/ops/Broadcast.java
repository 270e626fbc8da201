package dev.ondeck.engine.ops;

import java.util.Arrays;

/** Multidirectional (numpy-style) broadcasting: result shapes and index maps from output to input. */
public final class Broadcast {
    private Broadcast() {
    }

    /** The broadcast shape of several shapes; fails naming both shapes when they are incompatible. */
    public static int[] shape(int[]... shapes) {
        int rank = 0;
        for (int[] s : shapes) {
            rank = Math.max(rank, s.length);
        }
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = rank - s.length + i;
                int d = s[i];
                if (d == out[o] || d == 1) {
                    continue;
                }
                if (out[o] == 1) {
                    out[o] = d;
                } else {
                    throw new ShapeException("shapes " + describe(shapes) + " cannot be broadcast (dim " + o + ": "
                            + out[o] + " vs " + d + ")");
                }
            }
        }
        return out;
    }

    private static String describe(int[][] shapes) {
        StringBuilder sb = new StringBuilder();
        for (int[] s : shapes) {
            sb.append(sb.length() > 0 ? " and " : "").append(Arrays.toString(s));
        }
        return sb.toString();
    }

    /**
     * For each flat index of {@code outShape}, the flat index of the element of {@code inShape} that
     * broadcasts to it. Null when the shapes are equal (identity map).
     */
    public static int[] indexMap(int[] inShape, int[] outShape) {
        if (Arrays.equals(inShape, outShape)) {
            return null;
        }
        int rank = outShape.length;
        int total = 1;
        for (int d : outShape) {
            total *= d;
        }
        int[] inStrides = new int[rank];
        int acc = 1;
        for (int i = inShape.length - 1; i >= 0; i--) {
            int o = rank - inShape.length + i;
            inStrides[o] = inShape[i] == 1 ? 0 : acc;
            acc *= inShape[i];
        }
        int[] map = new int[total];
        int[] idx = new int[rank];
        int in = 0;
        for (int k = 0; k < total; k++) {
            map[k] = in;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                in += inStrides[d];
                if (idx[d] < outShape[d]) {
                    break;
                }
                in -= inStrides[d] * idx[d];
                idx[d] = 0;
            }
        }
        return map;
    }
}
