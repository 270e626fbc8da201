package dev.ondeck.visualizers;

import java.util.List;

/**
 * One plotted series: its name, x and y values, and category labels when the x axis has categories
 * (then {@code x[i]} is the category's position).
 */
public record Series(String name, double[] x, double[] y, List<String> labels) {
    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series " + name + ": " + x.length + " x values vs " + y.length + " y values");
        }
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** A category series: x is 0, 1, 2, ... */
    public static Series categories(String name, List<String> labels, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return new Series(name, x, y, labels);
    }
}
