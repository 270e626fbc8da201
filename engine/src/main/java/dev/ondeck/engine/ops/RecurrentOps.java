package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;
import java.util.List;

/** Recurrent layers: the frame shared by RNN, GRU and LSTM (directions, sequence lengths, layouts), and RNN itself. */
public final class RecurrentOps {
    private RecurrentOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("RNN", 1, n -> new Rnn(n));
    }

    /**
     * The shared frame of the three layers: validation, input projection, the time loop over directions and
     * sequence lengths, and the output layout. Subclasses compute one cell step for one batch row.
     */
    abstract static class Recurrent implements Op {
        final int gates;
        final int hiddenAttr;
        final int dirs;
        final boolean reverseOnly;
        final boolean hasClip;
        final float clip;
        final int layout;
        final Activation[] acts;
        final int actsPerDir;

        Recurrent(NodeSpec n, int gates, String[] defaultActs) {
            this.gates = gates;
            this.hiddenAttr = (int) n.getInt("hidden_size", -1);
            String direction = n.getString("direction", "forward");
            if (!direction.equals("forward") && !direction.equals("reverse") && !direction.equals("bidirectional")) {
                throw n.invalid("direction must be forward, reverse or bidirectional, found '" + direction + "'");
            }
            this.dirs = direction.equals("bidirectional") ? 2 : 1;
            this.reverseOnly = direction.equals("reverse");
            this.hasClip = n.has("clip");
            this.clip = n.getFloat("clip", Float.POSITIVE_INFINITY);
            this.layout = (int) n.getInt("layout", 0);
            if (layout != 0 && layout != 1) {
                throw n.invalid("layout must be 0 or 1, found " + layout);
            }
            this.actsPerDir = defaultActs.length;
            this.acts = Activation.parse(n, defaultActs, dirs);
        }

        /** The activation {@code k} (0-based, f g h order) of direction {@code d}. */
        final Activation act(int d, int k) {
            return acts[d * actsPerDir + k];
        }

        final float clamp(float v) {
            return hasClip ? Math.max(-clip, Math.min(clip, v)) : v;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] x = in[0].shape();
            int[] w = in[1].shape();
            int[] r = in[2].shape();
            if (x.length != 3 || w.length != 3 || r.length != 3) {
                throw new ShapeException("X, W, R must have rank 3, found ranks " + x.length + ", " + w.length + ", " + r.length);
            }
            DType t = in[0].dtype();
            if (!t.isFloating() || in[1].dtype() != t || in[2].dtype() != t) {
                throw new ShapeException("X, W, R must be floating of one type, found " + t + ", " + in[1].dtype() + ", " + in[2].dtype());
            }
            int hid = r[2];
            int seq = x[layout];
            int batch = x[1 - layout];
            if (hiddenAttr >= 0 && hiddenAttr != hid) {
                throw new ShapeException("hidden_size is " + hiddenAttr + " but R has " + hid + " columns");
            }
            int[] wantW = {dirs, gates * hid, x[2]};
            int[] wantR = {dirs, gates * hid, hid};
            if (!Arrays.equals(w, wantW) || !Arrays.equals(r, wantR)) {
                throw new ShapeException("expected W " + Arrays.toString(wantW) + " and R " + Arrays.toString(wantR)
                        + ", found " + Arrays.toString(w) + " and " + Arrays.toString(r));
            }
            checkOptional(in, 3, new int[] {dirs, 2 * gates * hid}, "B");
            checkOptional(in, 4, new int[] {batch}, "sequence_lens");
            int[] state = layout == 0 ? new int[] {dirs, batch, hid} : new int[] {batch, dirs, hid};
            checkOptional(in, 5, state, "initial_h");
            checkOptional(in, 6, state, "initial_c");
            checkOptional(in, 7, new int[] {dirs, 3 * hid}, "P");
            TensorType[] out = new TensorType[outputCount];
            for (int o = 0; o < outputCount; o++) {
                out[o] = o == 0 ? TensorType.of(t, layout == 0 ? new int[] {seq, dirs, batch, hid} : new int[] {batch, seq, dirs, hid})
                        : TensorType.of(t, state);
            }
            return out;
        }

        private void checkOptional(TensorType[] in, int i, int[] want, String what) {
            if (i < in.length && in[i] != null && !Arrays.equals(in[i].shape(), want)) {
                throw new ShapeException("expected " + what + " of shape " + Arrays.toString(want) + ", found "
                        + Arrays.toString(in[i].shape()));
            }
        }

        /** Input and recurrent products per step, direction and batch row, plus about ten ops per gate value. */
        @Override
        public long flops(TensorType[] in, TensorType[] out) {
            int[] x = in[0].shape();
            long hid = in[2].shape()[2];
            long steps = (long) x[0] * x[1] * dirs;
            return steps * gates * hid * (2L * (x[2] + hid) + 10);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Job j = new Job(this, in, out);
            for (int d = 0; d < dirs; d++) {
                boolean rev = reverseOnly || d == 1;
                j.project(d);
                j.initState(d);
                for (int s = 0; s < j.seq; s++) {
                    for (int b = 0; b < j.batch; b++) {
                        int len = j.lens == null ? j.seq : j.lens[b];
                        if (s < len) {
                            int t = rev ? len - 1 - s : s;
                            System.arraycopy(j.xw, (t * j.batch + b) * j.gh, j.g, 0, j.gh);
                            step(j, d, b);
                            j.emit(d, t, b);
                        }
                    }
                }
                j.finishDirection(d);
            }
            j.storeOutputs(out);
        }

        /** One step for batch row {@code b}: {@code j.g} holds X·W + Wb; updates {@code j.h} (and {@code j.c}). */
        abstract void step(Job j, int d, int b);
    }

    /**
     * Per-run state and scratch: float views of the inputs, the projected inputs, hidden and cell state. float32
     * works on the tensors' own arrays; float64 inputs are converted to float32 and the results widened back.
     */
    static final class Job {
        final Recurrent op;
        final int seq;
        final int batch;
        final int in;
        final int hid;
        final int gh;
        final float[] x;
        final float[] w;
        final float[] r;
        final float[] bias;
        final float[] h0;
        final float[] c0;
        final float[] p;
        final int[] lens;
        final float[] y;
        final float[] yh;
        final float[] yc;
        final float[] xw;
        final float[] h;
        final float[] c;
        final float[] g;
        final float[] tmp;

        Job(Recurrent op, Tensor[] ins, Tensor[] outs) {
            this.op = op;
            int[] xs = ins[0].shapeView();
            this.seq = xs[op.layout];
            this.batch = xs[1 - op.layout];
            this.in = xs[2];
            this.hid = ins[2].dim(2);
            this.gh = op.gates * hid;
            this.x = floats(ins[0]);
            this.w = floats(ins[1]);
            this.r = floats(ins[2]);
            this.bias = floats(at(ins, 3));
            this.h0 = floats(at(ins, 5));
            this.c0 = floats(at(ins, 6));
            this.p = floats(at(ins, 7));
            this.lens = lengths(at(ins, 4), seq);
            this.y = target(at(outs, 0));
            this.yh = target(at(outs, 1));
            this.yc = target(at(outs, 2));
            if (y != null) {
                Arrays.fill(y, 0f);
            }
            this.xw = new float[seq * batch * gh];
            this.h = new float[batch * hid];
            this.c = new float[batch * hid];
            this.g = new float[gh];
            this.tmp = new float[hid];
        }

        private static Tensor at(Tensor[] ts, int i) {
            return i < ts.length ? ts[i] : null;
        }

        private static float[] floats(Tensor t) {
            if (t == null || t.dtype() == DType.FLOAT) {
                return t == null ? null : t.floats();
            }
            float[] f = new float[t.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) t.getDouble(i);
            }
            return f;
        }

        private static float[] target(Tensor t) {
            return t == null ? null : t.dtype() == DType.FLOAT ? t.floats() : new float[t.size()];
        }

        private static int[] lengths(Tensor t, int seq) {
            if (t == null) {
                return null;
            }
            int[] l = new int[t.size()];
            for (int i = 0; i < l.length; i++) {
                long v = t.getLong(i);
                if (v < 0 || v > seq) {
                    throw new ShapeException("sequence_lens[" + i + "] is " + v + ", expected 0.." + seq);
                }
                l[i] = (int) v;
            }
            return l;
        }

        /** xw[t, b, :] = X[t, b, :] · W[d]ᵀ + Wb[d]. */
        void project(int d) {
            int wOff = d * gh * in;
            for (int t = 0; t < seq; t++) {
                for (int b = 0; b < batch; b++) {
                    int xOff = (op.layout == 0 ? t * batch + b : b * seq + t) * in;
                    int o = (t * batch + b) * gh;
                    for (int k = 0; k < gh; k++) {
                        float s = bias == null ? 0f : bias[d * 2 * gh + k];
                        xw[o + k] = s + dot(x, xOff, w, wOff + k * in, in);
                    }
                }
            }
        }

        /** out[outOff + k] += R[d][row0 + k] · v[vOff..] + Rb[d][row0 + k] for k in 0..rows-1. */
        void recur(int d, int row0, int rows, float[] v, int vOff, float[] out, int outOff) {
            int rOff = (d * gh + row0) * hid;
            int bOff = d * 2 * gh + gh + row0;
            for (int k = 0; k < rows; k++) {
                float s = bias == null ? 0f : bias[bOff + k];
                out[outOff + k] += s + dot(r, rOff + k * hid, v, vOff, hid);
            }
        }

        /** The dot product of a[ao..ao+n) and b[bo..bo+n), in four interleaved partial sums. */
        static float dot(float[] a, int ao, float[] b, int bo, int n) {
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            int i = 0;
            for (; i + 3 < n; i += 4) {
                s0 += a[ao + i] * b[bo + i];
                s1 += a[ao + i + 1] * b[bo + i + 1];
                s2 += a[ao + i + 2] * b[bo + i + 2];
                s3 += a[ao + i + 3] * b[bo + i + 3];
            }
            for (; i < n; i++) {
                s0 += a[ao + i] * b[bo + i];
            }
            return (s0 + s1) + (s2 + s3);
        }

        void initState(int d) {
            for (int b = 0; b < batch; b++) {
                int src = stateOffset(d, b);
                for (int k = 0; k < hid; k++) {
                    h[b * hid + k] = h0 == null ? 0f : h0[src + k];
                    c[b * hid + k] = c0 == null ? 0f : c0[src + k];
                }
            }
        }

        int stateOffset(int d, int b) {
            return (op.layout == 0 ? d * batch + b : b * op.dirs + d) * hid;
        }

        void emit(int d, int t, int b) {
            if (y != null) {
                int o = (op.layout == 0 ? (t * op.dirs + d) * batch + b : (b * seq + t) * op.dirs + d) * hid;
                System.arraycopy(h, b * hid, y, o, hid);
            }
        }

        void finishDirection(int d) {
            for (int b = 0; b < batch; b++) {
                int o = stateOffset(d, b);
                if (yh != null) {
                    System.arraycopy(h, b * hid, yh, o, hid);
                }
                if (yc != null) {
                    System.arraycopy(c, b * hid, yc, o, hid);
                }
            }
        }

        void storeOutputs(Tensor[] outs) {
            float[][] fs = {y, yh, yc};
            for (int o = 0; o < Math.min(3, outs.length); o++) {
                Tensor t = outs[o];
                if (t != null && t.dtype() != DType.FLOAT) {
                    for (int i = 0; i < t.size(); i++) {
                        t.setDouble(i, fs[o][i]);
                    }
                }
            }
        }
    }

    /** Simple RNN (one gate): honours direction, hidden_size, activations/alpha/beta, clip, layout. */
    static final class Rnn extends Recurrent {
        Rnn(NodeSpec n) {
            super(n, 1, new String[] {"Tanh"});
        }

        @Override
        void step(Job j, int d, int b) {
            int hid = j.hid;
            j.recur(d, 0, hid, j.h, b * hid, j.g, 0);
            Activation f = act(d, 0);
            for (int k = 0; k < hid; k++) {
                j.h[b * hid + k] = f.apply(clamp(j.g[k]));
            }
        }
    }

    /** One named activation of a recurrent layer with its alpha and beta (ONNX defaults where not given). */
    static final class Activation {
        static final String[] NAMES = {"relu", "tanh", "sigmoid", "affine", "leakyrelu", "thresholdedrelu",
            "scaledtanh", "hardsigmoid", "elu", "softsign", "softplus"};
        static final float[] ALPHA = {0f, 0f, 0f, 1f, 0.01f, 1f, 1f, 0.2f, 1f, 0f, 0f};
        static final float[] BETA = {0f, 0f, 0f, 0f, 0f, 0f, 1f, 0.5f, 0f, 0f, 0f};
        static final boolean[] USES_ALPHA = {false, false, false, true, true, true, true, true, true, false, false};
        static final boolean[] USES_BETA = {false, false, false, true, false, false, true, true, false, false, false};
        final int kind;
        final float alpha;
        final float beta;

        Activation(int kind, float alpha, float beta) {
            this.kind = kind;
            this.alpha = alpha;
            this.beta = beta;
        }

        /** The node's activations, {@code perDir} per direction; alpha/beta lists are consumed by the functions that use them. */
        static Activation[] parse(NodeSpec n, String[] defaults, int dirs) {
            List<String> names = n.getStrings("activations");
            if (names.isEmpty()) {
                names = Arrays.asList(dirs == 2 ? concat(defaults, defaults) : defaults);
            } else if (names.size() == defaults.length && dirs == 2) {
                names = Arrays.asList(concat(names.toArray(new String[0]), names.toArray(new String[0])));
            }
            if (names.size() != defaults.length * dirs) {
                throw n.invalid("expected " + defaults.length * dirs + " activations, found " + names.size());
            }
            float[] alphas = n.getFloats("activation_alpha", new float[0]);
            float[] betas = n.getFloats("activation_beta", new float[0]);
            int ia = 0;
            int ib = 0;
            Activation[] out = new Activation[names.size()];
            for (int i = 0; i < out.length; i++) {
                int k = Arrays.asList(NAMES).indexOf(names.get(i).toLowerCase(java.util.Locale.ROOT));
                if (k < 0) {
                    throw n.invalid("unknown activation '" + names.get(i) + "'; expected one of " + Arrays.toString(NAMES));
                }
                float a = USES_ALPHA[k] && ia < alphas.length ? alphas[ia++] : ALPHA[k];
                float bt = USES_BETA[k] && ib < betas.length ? betas[ib++] : BETA[k];
                out[i] = new Activation(k, a, bt);
            }
            return out;
        }

        private static String[] concat(String[] a, String[] b) {
            String[] c = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        }

        float apply(float x) {
            switch (kind) {
                case 0: return x > 0 ? x : 0f;
                case 1: return (float) Math.tanh(x);
                case 2: return (float) (1.0 / (1.0 + Math.exp(-x)));
                case 3: return alpha * x + beta;
                case 4: return x >= 0 ? x : alpha * x;
                case 5: return x > alpha ? x : 0f;
                case 6: return alpha * (float) Math.tanh(beta * x);
                case 7: return Math.max(0f, Math.min(1f, alpha * x + beta));
                case 8: return x >= 0 ? x : alpha * (float) (Math.exp(x) - 1.0);
                case 9: return x / (1f + Math.abs(x));
                default: return (float) Math.log1p(Math.exp(x));
            }
        }
    }
}
