package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Signal processing: DFT, STFT, Hann/Hamming/Blackman windows, MelWeightMatrix. */
public final class SignalOps {
    private SignalOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("DFT", 17, n -> new Dft(n, false));
        r.register("DFT", 20, n -> new Dft(n, true));
        r.register("STFT", 17, n -> new Stft(n));
        r.register("HannWindow", 17, n -> new Window(n, 0));
        r.register("HammingWindow", 17, n -> new Window(n, 1));
        r.register("BlackmanWindow", 17, n -> new Window(n, 2));
        r.register("MelWeightMatrix", 17, n -> new MelWeightMatrix(n));
    }

    /** Twiddle factors cos/sin(2πm/n) for m in 0..n-1 and scratch for one signal of length n. */
    static final class Transform {
        final int n;
        final boolean inverse;
        final double[] cos;
        final double[] sin;
        final double[] re;
        final double[] im;

        Transform(int n, boolean inverse) {
            this.n = n;
            this.inverse = inverse;
            this.cos = new double[n];
            this.sin = new double[n];
            this.re = new double[n];
            this.im = new double[n];
            for (int m = 0; m < n; m++) {
                cos[m] = Math.cos(2 * Math.PI * m / n);
                sin[m] = Math.sin(2 * Math.PI * m / n);
            }
        }

        /** Bin {@code k} of the transform of the first {@code m} samples in re/im, into out[o], out[o + 1]. */
        void bin(int m, int k, Tensor out, int o) {
            double sr = 0;
            double si = 0;
            double sign = inverse ? 1 : -1;
            for (int j = 0; j < m; j++) {
                int idx = (int) ((long) j * k % n);
                double c = cos[idx];
                double s = sign * sin[idx];
                sr += re[j] * c - im[j] * s;
                si += im[j] * c + re[j] * s;
            }
            double scale = inverse ? 1.0 / n : 1.0;
            out.setDouble(o, sr * scale);
            out.setDouble(o + 1, si * scale);
        }
    }

    static long scalar(Tensor t, String what) {
        if (t.size() != 1) {
            throw new ShapeException(what + " must be a scalar, found shape " + Arrays.toString(t.shapeView()));
        }
        return t.getLong(0);
    }

    /** DFT: discrete Fourier transform along an axis; honours onesided, inverse, dft_length, axis (attribute before opset 20, input after). */
    static final class Dft implements Op {
        final boolean onesided;
        final boolean inverse;
        final boolean axisInput;
        final int axisAttr;

        Dft(NodeSpec n, boolean axisInput) {
            this.onesided = n.getInt("onesided", 0) != 0;
            this.inverse = n.getInt("inverse", 0) != 0;
            this.axisInput = axisInput;
            this.axisAttr = (int) n.getInt("axis", 1);
        }

        /** The normalized signal axis from the attribute, or from the axis input {@code v} (-2 when absent). */
        private int axis(Tensor v, int rank) {
            long a = !axisInput ? axisAttr : v == null ? -2 : scalar(v, "axis");
            long norm = a < 0 ? a + rank : a;
            if (norm < 0 || norm > rank - 2) {
                throw new ShapeException("axis must be in [-" + rank + ", -2] or [0, " + (rank - 2) + "], found " + a);
            }
            return (int) norm;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] s = in[0].shape();
            if (s.length < 2 || s[s.length - 1] < 1 || s[s.length - 1] > 2 || !in[0].dtype().isFloating()) {
                throw new ShapeException("input must be floating with a last dim of 1 (real) or 2 (complex), found "
                        + in[0].dtype() + Arrays.toString(s));
            }
            boolean hasLength = in.length > 1 && in[1] != null;
            boolean hasAxis = in.length > 2 && in[2] != null;
            if (hasLength && values[1] == null || axisInput && hasAxis && values[2] == null) {
                return new TensorType[1];
            }
            int axis = axis(hasAxis ? values[2] : null, s.length);
            long n = hasLength ? scalar(values[1], "dft_length") : s[axis];
            if (n < 1) {
                throw new ShapeException("dft_length must be positive, found " + n);
            }
            s[axis] = onesided ? (int) (n / 2 + 1) : (int) n;
            s[s.length - 1] = 2;
            return new TensorType[] {TensorType.of(in[0].dtype(), s)};
        }

        /** Eight per complex multiply-add: every output bin sums over the signal (axis input taken as its default). */
        @Override
        public long flops(TensorType[] in, TensorType[] out) {
            int[] s = in[0].shape();
            int axis = !axisInput ? (axisAttr < 0 ? axisAttr + s.length : axisAttr) : s.length - 2;
            return out[0] == null || !out[0].isStatic() || axis < 0 || axis >= s.length ? 0 : out[0].elementCount() / 2 * s[axis] * 8;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int[] s = x.shapeView();
            int axis = axis(in.length > 2 ? in[2] : null, s.length);
            int len = s[axis];
            int n = in.length > 1 && in[1] != null ? (int) scalar(in[1], "dft_length") : len;
            Tensor y = out[0];
            int outLen = y.dim(axis);
            int c = s[s.length - 1];
            int outer = 1;
            int inner = 1;
            for (int i = 0; i < s.length - 1; i++) {
                outer *= i < axis ? s[i] : 1;
                inner *= i > axis ? s[i] : 1;
            }
            Transform tr = new Transform(n, inverse);
            int m = Math.min(len, n);
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    for (int j = 0; j < m; j++) {
                        int src = ((o * len + j) * inner + i) * c;
                        tr.re[j] = x.getDouble(src);
                        tr.im[j] = c == 2 ? x.getDouble(src + 1) : 0;
                    }
                    for (int k = 0; k < outLen; k++) {
                        tr.bin(m, k, y, ((o * outLen + k) * inner + i) * 2);
                    }
                }
            }
        }
    }

    /** STFT: framed, windowed DFT of [batch, length(, 1|2)] signals; honours onesided, frame_step, window, frame_length. */
    static final class Stft implements Op {
        final boolean onesided;

        Stft(NodeSpec n) {
            this.onesided = n.getInt("onesided", 1) != 0;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] s = in[0].shape();
            boolean complexOrReal = s.length == 3 && s[2] >= 1 && s[2] <= 2;
            if (!complexOrReal && s.length != 2 || !in[0].dtype().isFloating()) {
                throw new ShapeException("signal must be floating [batch, length] or [batch, length, 1|2], found "
                        + in[0].dtype() + Arrays.toString(s));
            }
            boolean hasWindow = in.length > 2 && in[2] != null;
            boolean hasLength = in.length > 3 && in[3] != null;
            if (hasWindow && in[2].rank() != 1) {
                throw new ShapeException("window must have rank 1, found shape " + Arrays.toString(in[2].shape()));
            }
            if (!hasWindow && !hasLength) {
                throw new ShapeException("a window or a frame_length is required");
            }
            if (values[1] == null || hasLength && values[3] == null) {
                return new TensorType[1];
            }
            long step = scalar(values[1], "frame_step");
            long frame = hasLength ? scalar(values[3], "frame_length") : in[2].shape()[0];
            if (hasWindow && hasLength && frame != in[2].shape()[0]) {
                throw new ShapeException("frame_length " + frame + " differs from the window length " + in[2].shape()[0]);
            }
            if (step < 1 || frame < 1 || frame > s[1]) {
                throw new ShapeException("expected frame_step >= 1 and 1 <= frame_length <= " + s[1] + ", found " + step + " and " + frame);
            }
            int frames = (int) (1 + (s[1] - frame) / step);
            int bins = onesided ? (int) (frame / 2 + 1) : (int) frame;
            return new TensorType[] {TensorType.of(in[0].dtype(), s[0], frames, bins, 2)};
        }

        /** Eight per complex multiply-add, each bin summing over one frame (its length taken from the bin count). */
        @Override
        public long flops(TensorType[] in, TensorType[] out) {
            if (out[0] == null || !out[0].isStatic()) {
                return 0;
            }
            long bins = out[0].shape()[2];
            long frame = onesided ? 2 * (bins - 1) : bins;
            return out[0].elementCount() / 2 * frame * 8;
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            Tensor w = in.length > 2 ? in[2] : null;
            int step = (int) scalar(in[1], "frame_step");
            int frame = in.length > 3 && in[3] != null ? (int) scalar(in[3], "frame_length") : w.size();
            int[] s = x.shapeView();
            int len = s[1];
            int c = s.length == 3 ? s[2] : 1;
            Tensor y = out[0];
            int frames = y.dim(1);
            int bins = y.dim(2);
            Transform tr = new Transform(frame, false);
            for (int b = 0; b < s[0]; b++) {
                for (int f = 0; f < frames; f++) {
                    for (int j = 0; j < frame; j++) {
                        int src = (b * len + f * step + j) * c;
                        double wj = w == null ? 1.0 : w.getDouble(j);
                        tr.re[j] = x.getDouble(src) * wj;
                        tr.im[j] = c == 2 ? x.getDouble(src + 1) * wj : 0;
                    }
                    for (int k = 0; k < bins; k++) {
                        tr.bin(frame, k, y, ((b * frames + f) * bins + k) * 2);
                    }
                }
            }
        }
    }

    static DType outputType(NodeSpec n) {
        long code = n.getInt("output_datatype", 1);
        DType t = DType.fromOnnx((int) code);
        if (t == null || t == DType.BOOL) {
            throw n.invalid("output_datatype " + code + " is not a supported numeric type");
        }
        return t;
    }

    /** Hann, Hamming or Blackman window of a given size; honours periodic and output_datatype. */
    static final class Window implements Op {
        final int kind;
        final boolean periodic;
        final DType type;

        Window(NodeSpec n, int kind) {
            this.kind = kind;
            this.periodic = n.getInt("periodic", 1) != 0;
            this.type = outputType(n);
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (values[0] == null) {
                return new TensorType[1];
            }
            long size = scalar(values[0], "window size");
            if (size < 0) {
                throw new ShapeException("window size must be >= 0, found " + size);
            }
            return new TensorType[] {TensorType.of(type, (int) size)};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor y = out[0];
            int size = y.size();
            double denom = periodic ? size : size - 1;
            for (int i = 0; i < size; i++) {
                double a = 2 * Math.PI * i / denom;
                double v;
                if (kind == 0) {
                    v = 0.5 - 0.5 * Math.cos(a);
                } else if (kind == 1) {
                    v = 25.0 / 46 - (1 - 25.0 / 46) * Math.cos(a);
                } else {
                    v = 0.42 - 0.5 * Math.cos(a) + 0.08 * Math.cos(2 * a);
                }
                y.setDouble(i, denom == 0 ? 1.0 : v);
            }
        }
    }

    /** MelWeightMatrix: [dft_length/2+1, num_mel_bins] triangular mel filter bank; honours output_datatype. */
    static final class MelWeightMatrix implements Op {
        final DType type;

        MelWeightMatrix(NodeSpec n) {
            this.type = outputType(n);
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            if (values[0] == null || values[1] == null) {
                return new TensorType[1];
            }
            long mels = scalar(values[0], "num_mel_bins");
            long dft = scalar(values[1], "dft_length");
            if (mels < 1 || dft < 1) {
                throw new ShapeException("num_mel_bins and dft_length must be positive, found " + mels + " and " + dft);
            }
            return new TensorType[] {TensorType.of(type, (int) (dft / 2 + 1), (int) mels)};
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            int mels = (int) scalar(in[0], "num_mel_bins");
            long dft = scalar(in[1], "dft_length");
            long rate = scalar(in[2], "sample_rate");
            double lowMel = 2595 * Math.log10(1 + in[3].getDouble(0) / 700);
            double highMel = 2595 * Math.log10(1 + in[4].getDouble(0) / 700);
            double melStep = (highMel - lowMel) / (mels + 2);
            int bins = (int) (dft / 2 + 1);
            int[] edges = new int[mels + 2];
            for (int i = 0; i < edges.length; i++) {
                double hz = 700 * (Math.pow(10, (i * melStep + lowMel) / 2595) - 1);
                edges[i] = (int) Math.floor((dft + 1) * hz / rate);
            }
            Tensor y = out[0];
            for (int i = 0; i < y.size(); i++) {
                y.setDouble(i, 0);
            }
            for (int m = 0; m < mels; m++) {
                int lo = edges[m];
                int center = edges[m + 1];
                int hi = edges[m + 2];
                if (center == lo) {
                    put(y, bins, mels, center, m, 1.0);
                } else {
                    for (int j = lo; j <= center; j++) {
                        put(y, bins, mels, j, m, (double) (j - lo) / (center - lo));
                    }
                }
                for (int j = center; j < hi; j++) {
                    put(y, bins, mels, j, m, (double) (hi - j) / (hi - center));
                }
            }
        }

        private static void put(Tensor y, int bins, int mels, int row, int col, double v) {
            if (row < 0 || row >= bins) {
                throw new ShapeException("mel band " + col + " reaches spectrogram bin " + row + ", outside 0.." + (bins - 1)
                        + "; check sample_rate and the edge frequencies");
            }
            y.setDouble(row * mels + col, v);
        }
    }
}
