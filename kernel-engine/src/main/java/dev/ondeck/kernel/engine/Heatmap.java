package dev.ondeck.kernel.engine;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import javax.imageio.ImageIO;

/** Heatmap pictures of image-like tensors: the first 2-D plane, colour-mapped from min to max. */
final class Heatmap {
    private static final int MIN_SIDE = 2;
    private static final int TARGET = 256;

    private Heatmap() {
    }

    /** A 2-D plane, when the tensor is (H, W) or (1.., C, H, W) with real values; else empty. */
    record Plane(Tensor tensor, int height, int width) {
    }

    static Optional<Plane> plane(Tensor t) {
        int[] shape = t.shape();
        if (shape.length < 2 || t.dtype() == DType.BOOL) {
            return Optional.empty();
        }
        int h = shape[shape.length - 2];
        int w = shape[shape.length - 1];
        if (h < MIN_SIDE || w < MIN_SIDE || (long) h * w > 4_000_000) {
            return Optional.empty();
        }
        return Optional.of(new Plane(t, h, w));
    }

    /** The first plane as a PNG, scaled up by whole pixels to about {@value #TARGET} pixels a side. */
    static byte[] png(Plane p) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int n = p.height() * p.width();
        for (int i = 0; i < n; i++) {
            double v = p.tensor().getDouble(i);
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        double range = max > min ? max - min : 1;
        int scale = Math.max(1, TARGET / Math.max(p.height(), p.width()));
        BufferedImage img = new BufferedImage(p.width() * scale, p.height() * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < p.height(); y++) {
            for (int x = 0; x < p.width(); x++) {
                double v = p.tensor().getDouble(y * p.width() + x);
                int rgb = Double.isFinite(v) ? color((v - min) / range) : 0xff00ff;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(x * scale + dx, y * scale + dy, rgb);
                    }
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Dark blue → teal → yellow, a viridis-like ramp for {@code f} in [0, 1]. */
    private static int color(double f) {
        double r = Math.clamp(-0.3 + 1.4 * f * f, 0, 1);
        double g = Math.clamp(0.05 + 0.85 * f, 0, 1);
        double b = Math.clamp(0.35 + 0.6 * Math.sin(Math.PI * f) - 0.3 * f, 0, 1);
        return ((int) (r * 255) << 16) | ((int) (g * 255) << 8) | (int) (b * 255);
    }
}
