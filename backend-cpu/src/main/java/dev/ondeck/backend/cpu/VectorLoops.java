package dev.ondeck.backend.cpu;

import dev.ondeck.engine.backend.portable.FloatLoops;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatLoops} on the Vector API: species-agnostic loops with {@code loopBound} and a scalar tail. The
 * operator of every loop is a constant (the API compiles to SIMD only then), hence one loop per operation.
 */
final class VectorLoops implements FloatLoops {
    private static final VectorSpecies<Float> S = VectorSgemm.S;
    private static final int L = S.length();
    /** Lane j takes lane 2j of the concatenation of two vectors (the even elements of 2 * L floats). */
    private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(S, j -> 2 * j);

    @Override
    public void binary(Binary kind, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff, int n) {
        int end = S.loopBound(n);
        int i = 0;
        switch (kind) {
            case ADD:
                for (; i < end; i += L) {
                    FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i)).intoArray(y, yOff + i);
                }
                break;
            case SUB:
                for (; i < end; i += L) {
                    FloatVector.fromArray(S, a, aOff + i).sub(FloatVector.fromArray(S, b, bOff + i)).intoArray(y, yOff + i);
                }
                break;
            case MUL:
                for (; i < end; i += L) {
                    FloatVector.fromArray(S, a, aOff + i).mul(FloatVector.fromArray(S, b, bOff + i)).intoArray(y, yOff + i);
                }
                break;
            case DIV:
                for (; i < end; i += L) {
                    FloatVector.fromArray(S, a, aOff + i).div(FloatVector.fromArray(S, b, bOff + i)).intoArray(y, yOff + i);
                }
                break;
            default:
                for (; i < end; i += L) {
                    FloatVector.fromArray(S, a, aOff + i).max(FloatVector.fromArray(S, b, bOff + i)).intoArray(y, yOff + i);
                }
        }
        if (i < n) {
            PORTABLE.binary(kind, a, aOff + i, b, bOff + i, y, yOff + i, n - i);
        }
    }

    @Override
    public void binaryScalar(Binary kind, float[] a, int aOff, float s, boolean scalarFirst, float[] y, int yOff, int n) {
        int end = S.loopBound(n);
        int i = 0;
        FloatVector sv = FloatVector.broadcast(S, s);
        if (kind == Binary.ADD || kind == Binary.MUL) {
            boolean add = kind == Binary.ADD;
            for (; i < end; i += L) {
                FloatVector v = FloatVector.fromArray(S, a, aOff + i);
                (add ? v.add(sv) : v.mul(sv)).intoArray(y, yOff + i);
            }
        } else if (kind == Binary.SUB) {
            for (; i < end; i += L) {
                FloatVector v = FloatVector.fromArray(S, a, aOff + i);
                (scalarFirst ? sv.sub(v) : v.sub(sv)).intoArray(y, yOff + i);
            }
        } else if (kind == Binary.DIV) {
            for (; i < end; i += L) {
                FloatVector v = FloatVector.fromArray(S, a, aOff + i);
                (scalarFirst ? sv.div(v) : v.div(sv)).intoArray(y, yOff + i);
            }
        } else {
            for (; i < end; i += L) {
                FloatVector.fromArray(S, a, aOff + i).max(sv).intoArray(y, yOff + i);
            }
        }
        if (i < n) {
            PORTABLE.binaryScalar(kind, a, aOff + i, s, scalarFirst, y, yOff + i, n - i);
        }
    }

    @Override
    public void axpy(float s, float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            sv.fma(FloatVector.fromArray(S, x, xOff + i), FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += s * x[xOff + i];
        }
    }

    @Override
    public void taps(float[] w, int wOff, int count, int step, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector acc = FloatVector.fromArray(S, y, yOff + i);
            for (int b = 0; b < count; b++) {
                acc = FloatVector.broadcast(S, w[wOff + b]).fma(FloatVector.fromArray(S, x, xOff + i + b * step), acc);
            }
            acc.intoArray(y, yOff + i);
        }
        if (i < n) {
            PORTABLE.taps(w, wOff, count, step, x, xOff + i, y, yOff + i, n - i);
        }
    }

    /** Two accumulators (vectors at even and odd positions), so consecutive adds or maxima do not wait on each other. */
    @Override
    public float reduce(boolean max, float[] x, int xOff, int n) {
        int i = 0;
        int end = S.loopBound(n);
        int pairs = n / (2 * L) * (2 * L);
        float r;
        if (max) {
            FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            FloatVector odd = acc;
            for (; i < pairs; i += 2 * L) {
                acc = acc.max(FloatVector.fromArray(S, x, xOff + i));
                odd = odd.max(FloatVector.fromArray(S, x, xOff + i + L));
            }
            for (; i < end; i += L) {
                acc = acc.max(FloatVector.fromArray(S, x, xOff + i));
            }
            r = acc.max(odd).reduceLanes(VectorOperators.MAX);
        } else {
            FloatVector acc = FloatVector.zero(S);
            FloatVector odd = acc;
            for (; i < pairs; i += 2 * L) {
                acc = acc.add(FloatVector.fromArray(S, x, xOff + i));
                odd = odd.add(FloatVector.fromArray(S, x, xOff + i + L));
            }
            for (; i < end; i += L) {
                acc = acc.add(FloatVector.fromArray(S, x, xOff + i));
            }
            float[] lanes = LaneSum.lanes();
            acc.add(odd).intoArray(lanes, 0);
            r = LaneSum.of(lanes);
        }
        return i < n ? (max ? Math.max(r, PORTABLE.reduce(true, x, xOff + i, n - i)) : r + PORTABLE.reduce(false, x, xOff + i, n - i)) : r;
    }

    /**
     * One softmax row in three vector passes: the maximum, exp(x - max) by {@link VectorActivation#exp} (its
     * argument is at most 0, so no overflow check) stored and summed in one, then a multiply by 1 / sum.
     */
    @Override
    public void softmax(float[] x, int xOff, float[] y, int yOff, int n) {
        float max = reduce(true, x, xOff, n);
        FloatVector shift = FloatVector.broadcast(S, max);
        FloatVector acc = FloatVector.zero(S);
        int end = S.loopBound(n);
        int i = 0;
        for (; i < end; i += L) {
            FloatVector e = VectorActivation.exp(FloatVector.fromArray(S, x, xOff + i).sub(shift));
            e.intoArray(y, yOff + i);
            acc = acc.add(e);
        }
        float[] lanes = LaneSum.lanes();
        acc.intoArray(lanes, 0);
        float sum = LaneSum.of(lanes);
        for (; i < n; i++) {
            float e = (float) Math.exp(x[xOff + i] - max);
            y[yOff + i] = e;
            sum += e;
        }
        binaryScalar(Binary.MUL, y, yOff, 1f / sum, false, y, yOff, n);
    }

    @Override
    public float sum(float[] x, int xOff, int n) {
        return reduce(false, x, xOff, n);
    }

    /** Two accumulators, as {@link #reduce}. */
    @Override
    public float sumOfSquares(float[] x, int xOff, float shift, int n) {
        int i = 0;
        int end = S.loopBound(n);
        int pairs = n / (2 * L) * (2 * L);
        FloatVector acc = FloatVector.zero(S);
        FloatVector odd = acc;
        for (; i < pairs; i += 2 * L) {
            FloatVector d = FloatVector.fromArray(S, x, xOff + i).sub(shift);
            FloatVector e = FloatVector.fromArray(S, x, xOff + i + L).sub(shift);
            acc = d.fma(d, acc);
            odd = e.fma(e, odd);
        }
        for (; i < end; i += L) {
            FloatVector d = FloatVector.fromArray(S, x, xOff + i).sub(shift);
            acc = d.fma(d, acc);
        }
        float[] lanes = LaneSum.lanes();
        acc.add(odd).intoArray(lanes, 0);
        float r = LaneSum.of(lanes);
        return i < n ? r + PORTABLE.sumOfSquares(x, xOff + i, shift, n - i) : r;
    }

    @Override
    public void normalize(float[] x, int xOff, float mean, float inv, float[] scale, float[] shift, float[] y, int yOff, int n) {
        int i = 0;
        int end = S.loopBound(n);
        for (; i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i).sub(mean).mul(inv).mul(FloatVector.fromArray(S, scale, i));
            (shift == null ? v : v.add(FloatVector.fromArray(S, shift, i))).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            float v = (x[xOff + i] - mean) * inv * scale[i];
            y[yOff + i] = shift == null ? v : v + shift[i];
        }
    }

    /** Stride 2 by two-vector permutes (the even lanes of each pair of loads); other strides element by element. */
    @Override
    public void strided(float[] x, int xOff, int stride, float[] y, int yOff, int n) {
        int j = 0;
        if (stride == 2) {
            for (; j + L < n; j += L) {
                FloatVector lo = FloatVector.fromArray(S, x, xOff + 2 * j);
                FloatVector hi = FloatVector.fromArray(S, x, xOff + 2 * j + L);
                lo.rearrange(EVENS, hi).intoArray(y, yOff + j);
            }
        }
        for (; j < n; j++) {
            y[yOff + j] = x[xOff + j * stride];
        }
    }

    @Override
    public void clamp(float lo, float hi, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(S, x, xOff + i).max(lo).min(hi).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.min(Math.max(x[xOff + i], lo), hi);
        }
    }

    @Override
    public void stencil(float[] w, int wOff, int[] shifts, int count, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = count == 9 ? stencil9(w, wOff, shifts, x, xOff, y, yOff, n) : 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector acc = FloatVector.fromArray(S, y, yOff + i);
            for (int t = 0; t < count; t++) {
                acc = FloatVector.broadcast(S, w[wOff + t]).fma(FloatVector.fromArray(S, x, xOff + shifts[t] + i), acc);
            }
            acc.intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            float acc = y[yOff + i];
            for (int t = 0; t < count; t++) {
                acc += w[wOff + t] * x[xOff + shifts[t] + i];
            }
            y[yOff + i] = acc;
        }
    }

    /**
     * The nine taps of a 3x3 window with weights and shifts held in registers over the whole plane; returns how
     * many leading elements it did (whole vectors).
     */
    private static int stencil9(float[] w, int wOff, int[] shifts, float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector w0 = FloatVector.broadcast(S, w[wOff]);
        FloatVector w1 = FloatVector.broadcast(S, w[wOff + 1]);
        FloatVector w2 = FloatVector.broadcast(S, w[wOff + 2]);
        FloatVector w3 = FloatVector.broadcast(S, w[wOff + 3]);
        FloatVector w4 = FloatVector.broadcast(S, w[wOff + 4]);
        FloatVector w5 = FloatVector.broadcast(S, w[wOff + 5]);
        FloatVector w6 = FloatVector.broadcast(S, w[wOff + 6]);
        FloatVector w7 = FloatVector.broadcast(S, w[wOff + 7]);
        FloatVector w8 = FloatVector.broadcast(S, w[wOff + 8]);
        int s0 = xOff + shifts[0];
        int s1 = xOff + shifts[1];
        int s2 = xOff + shifts[2];
        int s3 = xOff + shifts[3];
        int s4 = xOff + shifts[4];
        int s5 = xOff + shifts[5];
        int s6 = xOff + shifts[6];
        int s7 = xOff + shifts[7];
        int s8 = xOff + shifts[8];
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = w0.fma(FloatVector.fromArray(S, x, s0 + i), FloatVector.fromArray(S, y, yOff + i));
            FloatVector b = w1.mul(FloatVector.fromArray(S, x, s1 + i));
            a = w2.fma(FloatVector.fromArray(S, x, s2 + i), a);
            b = w3.fma(FloatVector.fromArray(S, x, s3 + i), b);
            a = w4.fma(FloatVector.fromArray(S, x, s4 + i), a);
            b = w5.fma(FloatVector.fromArray(S, x, s5 + i), b);
            a = w6.fma(FloatVector.fromArray(S, x, s6 + i), a);
            b = w7.fma(FloatVector.fromArray(S, x, s7 + i), b);
            a = w8.fma(FloatVector.fromArray(S, x, s8 + i), a);
            a.add(b).intoArray(y, yOff + i);
        }
        return i;
    }

    /**
     * Below this many elements a Sigmoid runs the portable loop: such small ones (squeeze-excitation gates) are
     * too few calls to get their vector loop compiled within a benchmark's warm-up, and interpreted vector code
     * is far slower than scalar code.
     */
    private static final int SMALL_SIGMOID = 4096;

    @Override
    public void unary(Unary f, float[] x, int xOff, float[] y, int yOff, int n) {
        if (f == Unary.SIGMOID && n < SMALL_SIGMOID) {
            PORTABLE.unary(f, x, xOff, y, yOff, n);
            return;
        }
        int end = S.loopBound(n);
        int i = 0;
        switch (f) {
            case RELU:
                for (; i < end; i += L) {
                    FloatVector.fromArray(S, x, xOff + i).max(0f).intoArray(y, yOff + i);
                }
                break;
            case SIGMOID:
                for (; i < end; i += L) {
                    VectorActivation.sigmoid(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
                }
                break;
            case SILU:
                for (; i < end; i += L) {
                    VectorActivation.silu(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
                }
                break;
            case TANH:
                for (; i < end; i += L) {
                    FloatVector.fromArray(S, x, xOff + i).lanewise(VectorOperators.TANH).intoArray(y, yOff + i);
                }
                break;
            case EXP:
                for (; i < end; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xOff + i);
                    boolean large = v.compare(VectorOperators.GT, VectorActivation.EXP_HI).anyTrue();
                    (large ? v.lanewise(VectorOperators.EXP) : VectorActivation.exp(v)).intoArray(y, yOff + i);
                }
                break;
            case SQRT:
                for (; i < end; i += L) {
                    FloatVector.fromArray(S, x, xOff + i).sqrt().intoArray(y, yOff + i);
                }
                break;
            default:
                for (; i < end; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xOff + i);
                    v.mul(v).intoArray(y, yOff + i);
                }
        }
        if (i < n) {
            PORTABLE.unary(f, x, xOff + i, y, yOff + i, n - i);
        }
    }
}
