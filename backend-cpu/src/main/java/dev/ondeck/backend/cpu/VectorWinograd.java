package dev.ondeck.backend.cpu;

import dev.ondeck.engine.backend.portable.WinogradF43;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The F(4x4, 3x3) tile transforms of {@link WinogradF43} with Vector API loops over the tiles (the species of
 * {@link VectorSgemm}), the remainder by the plain loops of the superclass; the output rows interleaved into
 * the output's layout by vector rearranges.
 */
final class VectorWinograd extends WinogradF43 {
    private static final VectorSpecies<Float> S = VectorSgemm.S;
    private static final int L = S.length();
    /**
     * Two-vector rearranges (an index of L or more takes the second vector's lane, index - L): lanes 2j, 2j + 1 of
     * ZIP_LO are lane j of the first and of the second vector, ZIP_HI the same from lane L / 2; lanes 4j .. 4j + 3
     * of PAIRS_LO are the pair at lanes 2j, 2j + 1 of the first vector and then of the second, PAIRS_HI the same
     * from lane L / 2.
     */
    private static final VectorShuffle<Float> ZIP_LO = VectorShuffle.fromOp(S, j -> j / 2 + (j % 2) * L);
    private static final VectorShuffle<Float> ZIP_HI = VectorShuffle.fromOp(S, j -> L / 2 + j / 2 + (j % 2) * L);
    private static final VectorShuffle<Float> PAIRS_LO = VectorShuffle.fromOp(S, j -> j / 4 * 2 + j % 2 + (j % 4 / 2) * L);
    private static final VectorShuffle<Float> PAIRS_HI = VectorShuffle.fromOp(S, j -> L / 2 + j / 4 * 2 + j % 2 + (j % 4 / 2) * L);

    /**
     * 128: on {@code cpu} the products are fast enough that SqueezeNet's 13x13 expand convolutions (48 or 64 -> 192
     * or 256 channels) ran about 30% faster by im2col (0.21 against 0.30 ms, 0.36 against 0.47 ms), while 128 and
     * 256 channels (ResNet18's layer3 at 14x14) still run faster by Winograd (1.38 against 1.72 ms at 256).
     */
    @Override
    public int narrowMinChannels() {
        return 128;
    }

    @Override
    public void input(float[] d, int n, float[] s, float[] v, int vOff, int vStride) {
        int full = S.loopBound(n);
        int rs = IN * n;
        for (int r = 0; r < IN; r++) {
            int a = r * rs;
            for (int t = 0; t < full; t += L) {
                transform(d, a + t, n, s, a + t, n);
            }
        }
        int vs = IN * vStride;
        for (int k = 0; k < IN; k++) {
            for (int t = 0; t < full; t += L) {
                transform(s, k * n + t, rs, v, vOff + k * vStride + t, vs);
            }
        }
        if (full < n) {
            super.input(d, n, s, v, vOff, vStride, full);
        }
    }

    /** One 1-D input transform of L tiles: six rows {@code step} apart from src to six rows {@code to} apart. */
    private static void transform(float[] src, int at, int step, float[] dst, int o, int to) {
        FloatVector x0 = FloatVector.fromArray(S, src, at);
        FloatVector x1 = FloatVector.fromArray(S, src, at + step);
        FloatVector x2 = FloatVector.fromArray(S, src, at + 2 * step);
        FloatVector x3 = FloatVector.fromArray(S, src, at + 3 * step);
        FloatVector x4 = FloatVector.fromArray(S, src, at + 4 * step);
        FloatVector x5 = FloatVector.fromArray(S, src, at + 5 * step);
        FloatVector x4m2 = x4.sub(x2);
        FloatVector d31 = x3.sub(x1);
        x0.sub(x2).mul(4f).add(x4m2).intoArray(dst, o);
        x3.add(x4).sub(x1.add(x2).mul(4f)).intoArray(dst, o + to);
        x1.sub(x2).mul(4f).sub(x3.sub(x4)).intoArray(dst, o + 2 * to);
        d31.mul(2f).add(x4m2).intoArray(dst, o + 3 * to);
        x4m2.sub(d31.mul(2f)).intoArray(dst, o + 4 * to);
        x1.mul(4f).sub(x3.mul(5f)).add(x5).intoArray(dst, o + 5 * to);
    }

    @Override
    public void output(float[] p, int pOff, int pStride, int n, float bias, float lo, float hi, float[] s, float[] o) {
        int full = S.loopBound(n);
        for (int i = 0; i < IN; i++) {
            int a = pOff + i * IN * pStride;
            int q = i * OUT * n;
            for (int t = 0; t < full; t += L) {
                back(p, a + t, pStride, s, q + t, n, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
            }
        }
        int rs = OUT * n;
        for (int c = 0; c < OUT; c++) {
            for (int t = 0; t < full; t += L) {
                back(s, c * n + t, rs, s, c * n + t, rs, bias, lo, hi); // in place: each read before its write
            }
        }
        for (int r = 0; r < OUT; r++) {
            for (int t = 0; t < full; t += L) {
                interleave(s, r * rs + t, n, o, (r * n + t) * OUT);
            }
        }
        if (full < n) {
            super.output(p, pOff, pStride, n, bias, lo, hi, s, o, full);
        }
    }

    /**
     * Row r of L output tiles, its 4 columns {@code n} apart in src (L tiles each), interleaved into 4L contiguous
     * floats at dst (4 per tile): two rounds of two-vector rearranges instead of 4L single stores.
     */
    private static void interleave(float[] src, int at, int n, float[] dst, int o) {
        FloatVector a = FloatVector.fromArray(S, src, at);
        FloatVector b = FloatVector.fromArray(S, src, at + n);
        FloatVector c = FloatVector.fromArray(S, src, at + 2 * n);
        FloatVector d = FloatVector.fromArray(S, src, at + 3 * n);
        FloatVector abLo = a.rearrange(ZIP_LO, b);
        FloatVector abHi = a.rearrange(ZIP_HI, b);
        FloatVector cdLo = c.rearrange(ZIP_LO, d);
        FloatVector cdHi = c.rearrange(ZIP_HI, d);
        abLo.rearrange(PAIRS_LO, cdLo).intoArray(dst, o);
        abLo.rearrange(PAIRS_HI, cdLo).intoArray(dst, o + L);
        abHi.rearrange(PAIRS_LO, cdHi).intoArray(dst, o + 2 * L);
        abHi.rearrange(PAIRS_HI, cdHi).intoArray(dst, o + 3 * L);
    }

    /** One 1-D output transform of L tiles, plus bias, clamped: six rows {@code step} apart to four {@code to} apart. */
    private static void back(float[] src, int at, int step, float[] dst, int o, int to, float bias, float lo, float hi) {
        FloatVector m0 = FloatVector.fromArray(S, src, at);
        FloatVector m1 = FloatVector.fromArray(S, src, at + step);
        FloatVector m2 = FloatVector.fromArray(S, src, at + 2 * step);
        FloatVector m3 = FloatVector.fromArray(S, src, at + 3 * step);
        FloatVector m4 = FloatVector.fromArray(S, src, at + 4 * step);
        FloatVector m5 = FloatVector.fromArray(S, src, at + 5 * step);
        FloatVector s12 = m1.add(m2);
        FloatVector d12 = m1.sub(m2);
        FloatVector s34 = m3.add(m4);
        FloatVector d34 = m3.sub(m4);
        FloatVector b = FloatVector.broadcast(S, bias);
        FloatVector y0 = m0.add(s12).add(s34).add(b);
        FloatVector y1 = d34.mul(2f).add(d12).add(b);
        FloatVector y2 = s34.mul(4f).add(s12).add(b);
        FloatVector y3 = d34.mul(8f).add(d12).add(m5).add(b);
        if (lo != Float.NEGATIVE_INFINITY || hi != Float.POSITIVE_INFINITY) {
            y0 = y0.max(lo).min(hi);
            y1 = y1.max(lo).min(hi);
            y2 = y2.max(lo).min(hi);
            y3 = y3.max(lo).min(hi);
        }
        y0.intoArray(dst, o);
        y1.intoArray(dst, o + to);
        y2.intoArray(dst, o + 2 * to);
        y3.intoArray(dst, o + 3 * to);
    }
}
