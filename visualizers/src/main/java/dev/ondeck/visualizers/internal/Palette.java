package dev.ondeck.visualizers.internal;

import java.awt.Color;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** Colours: a 20-colour categorical palette keyed stably by name, and sequential scales. */
public final class Palette {
    private static final int[] CATEGORICAL = {
        0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac,
        0x1f77b4, 0xaec7e8, 0x2ca02c, 0x98df8a, 0xd62728, 0x9467bd, 0xc5b0d5, 0x8c564b, 0x17becf, 0xbcbd22,
    };

    private Palette() {
    }

    /**
     * A colour per key: each key prefers the slot its name hashes to (so a name keeps its colour across
     * figures), taking the next free slot on a clash; beyond 20 keys colours repeat.
     */
    public static Map<String, Color> categorical(Collection<String> keys) {
        Map<String, Color> out = new LinkedHashMap<>();
        boolean[] used = new boolean[CATEGORICAL.length];
        int taken = 0;
        for (String k : new TreeSet<>(keys)) {
            int slot = Math.floorMod(k.hashCode(), CATEGORICAL.length);
            if (taken < CATEGORICAL.length) {
                while (used[slot]) {
                    slot = (slot + 1) % CATEGORICAL.length;
                }
                used[slot] = true;
                taken++;
            }
            out.put(k, new Color(CATEGORICAL[slot]));
        }
        return out;
    }

    /** White (0) to dark red (1). */
    public static Color heat(double t) {
        double u = Math.max(0, Math.min(1, t));
        int r = (int) Math.round(255 - 75 * u);
        int g = (int) Math.round(255 - 235 * u);
        int b = (int) Math.round(255 - 225 * u);
        return new Color(r, g, b);
    }

    /** A perceptually ordered dark-blue to yellow ramp (viridis-like) for heatmaps, t in 0..1. */
    public static Color ramp(double t) {
        double u = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
        int[][] stops = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
        double p = u * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) p);
        double f = p - i;
        int r = (int) Math.round(stops[i][0] + f * (stops[i + 1][0] - stops[i][0]));
        int g = (int) Math.round(stops[i][1] + f * (stops[i + 1][1] - stops[i][1]));
        int b = (int) Math.round(stops[i][2] + f * (stops[i + 1][2] - stops[i][2]));
        return new Color(r, g, b);
    }

    /** {@code #rrggbb}. */
    public static String hex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    /** Black or white, whichever reads better on {@code background}. */
    public static Color textOn(Color background) {
        double y = 0.299 * background.getRed() + 0.587 * background.getGreen() + 0.114 * background.getBlue();
        return y > 140 ? Color.BLACK : Color.WHITE;
    }
}
