package dev.ondeck.engine.backend.portable;

import dev.ondeck.engine.ops.ConvOps;

/**
 * One backend's loop for one channel plane of a 2-D depthwise convolution with unit dilations (the
 * {@link DepthwiseKernel} splits the planes over threads and calls it per plane). Implementations keep their
 * scratch per thread and allocate only when a plane is larger than any before.
 */
public interface DepthwisePlane {
    /**
     * Plane {@code plane} (image * channels + {@code ch}) of x (N, C, H, W) into plane {@code plane} of y
     * (N, C, OH, OW): y[oh, ow] = finish(bias + sum over the window of w[ch, 0, a, b] * x[oh * sh + a - padTop,
     * ow * sw + b - padLeft]), zeros outside the input, where finish is {@code e}'s clamp and activation.
     *
     * @param in3 the input's spatial extents as (1, H, W)
     * @param g the window as three spatial dims (the first of them unit)
     */
    void plane(float[] x, float[] w, int ch, float bias, float[] y, int plane, int[] in3, ConvOps.Geometry g, Epilogue e);

    /**
     * Whether images with {@code channels} channels, input planes of {@code inputPixels} and output planes of
     * {@code pixels} pixels go through {@link DepthwiseChannelsLast} instead of plane by plane; false by default.
     */
    default boolean channelsLast(int channels, int inputPixels, int pixels) {
        return false;
    }

    /**
     * The portable loops: {@link DepthwisePhases} on {@code loops}, then the activation; small planes with many
     * channels go channels-last ({@link DepthwiseChannelsLast#pays}).
     */
    static DepthwisePlane portable(FloatLoops loops) {
        return new DepthwisePlane() {
            @Override
            public void plane(float[] x, float[] w, int ch, float bias, float[] y, int plane, int[] in3, ConvOps.Geometry g,
                    Epilogue e) {
                DepthwisePhases.plane(loops, x, w, ch, bias, y, plane, in3, g, e.lo(), e.hi());
                if (e.activation() != Epilogue.Activation.NONE) {
                    int size = g.out()[1] * g.out()[2];
                    Epilogue.activate(e.activation(), y, plane * size, size);
                }
            }

            @Override
            public boolean channelsLast(int channels, int inputPixels, int pixels) {
                return DepthwiseChannelsLast.pays(channels, inputPixels, pixels);
            }
        };
    }
}
