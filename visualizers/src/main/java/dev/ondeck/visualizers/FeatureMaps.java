package dev.ondeck.visualizers;

/**
 * Channels of an activation, each a height x width plane: {@code data} is (C, H, W) row-major.
 */
public record FeatureMaps(String title, int channels, int height, int width, float[] data) {
    public FeatureMaps {
        if (channels < 1 || height < 1 || width < 1 || (long) channels * height * width != data.length) {
            throw new IllegalArgumentException("feature maps " + title + ": shape (" + channels + ", " + height + ", "
                    + width + ") needs " + (long) channels * height * width + " values, found " + data.length);
        }
    }

    /** Value at channel c, row y, column x. */
    public float at(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }
}
