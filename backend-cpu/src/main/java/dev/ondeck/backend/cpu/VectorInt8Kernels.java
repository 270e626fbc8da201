package dev.ondeck.backend.cpu;

import dev.ondeck.engine.backend.int8.Int8Kernels;
import dev.ondeck.engine.backend.int8.Requantisation;
import dev.ondeck.engine.backend.int8.ScalarInt8Kernels;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Int8Kernels} on the Vector API, bit-identical to {@link ScalarInt8Kernels}. Bytes are loaded as a
 * {@link ByteVector} of as many lanes as an {@link IntVector} and widened to int32 lanes, multiplied and added
 * into int32 accumulators (the Vector API has no int8 dot-product instruction). The product is register-blocked
 * {@code MR = 6} rows by {@code NR = 2 * lanes} columns of B panels. Requantisation and quantisation round half
 * to even by adding and subtracting 1.5 * 2^23 after clamping to the int8 range (exact there). One
 * species-agnostic kernel: the int species is chosen once from {@code ondeck.cpu.vectorBits} (256 or 512; bytes
 * then take a quarter of it), else the preferred one.
 */
public final class VectorInt8Kernels implements Int8Kernels {
    static final VectorSpecies<Integer> IS = intSpecies();
    static final VectorSpecies<Byte> BS = VectorSpecies.of(byte.class, VectorShape.forBitSize(IS.vectorBitSize() / 4));
    static final VectorSpecies<Float> FS = VectorSpecies.of(float.class, IS.vectorShape());
    static final int L = IS.length();
    static final int MR = 6;
    static final int NR = 2 * L;
    private static final float ROUND = 12582912f;
    private final ScalarInt8Kernels tails = new ScalarInt8Kernels();
    /** Where a partial panel's accumulators land before their valid columns are copied (masked stores deoptimise). */
    private static final ThreadLocal<int[]> EDGE = ThreadLocal.withInitial(() -> new int[MR * NR]);

    private static VectorSpecies<Integer> intSpecies() {
        String bits = System.getProperty("ondeck.cpu.vectorBits", "");
        VectorSpecies<Integer> s = bits.isEmpty() ? IntVector.SPECIES_PREFERRED
                : VectorSpecies.of(int.class, VectorShape.forBitSize(Integer.parseInt(bits)));
        if (s.vectorBitSize() < 256) {
            throw new UnsupportedOperationException("int8 kernels need 256- or 512-bit vectors, found " + s.vectorBitSize());
        }
        return s;
    }

    @Override
    public String describe() {
        return IS.vectorBitSize() + "-bit vectors, int8 widened to int32, " + MR + "x" + NR + " micro-kernel";
    }

    @Override
    public int panelWidth() {
        return NR;
    }

    @Override
    public void quantise(float[] x, int off, int len, float scale, int zeroPoint, byte[] q, int qOff) {
        float lo = -128 - zeroPoint;
        float hi = 127 - zeroPoint;
        int i = 0;
        for (int bound = FS.loopBound(len); i < bound; i += L) {
            FloatVector t = FloatVector.fromArray(FS, x, off + i).div(scale).min(hi).max(lo).add(ROUND).sub(ROUND);
            IntVector v = ((IntVector) t.convert(VectorOperators.F2I, 0)).add(zeroPoint);
            v.convertShape(VectorOperators.I2B, BS, 0).reinterpretAsBytes().intoArray(q, qOff + i);
        }
        tails.quantise(x, off + i, len - i, scale, zeroPoint, q, qOff + i);
    }

    @Override
    public void dequantise(byte[] q, int off, int len, boolean unsigned, int zeroPoint, float scale, float[] out, int outOff) {
        int i = 0;
        for (int bound = IS.loopBound(len); i < bound; i += L) {
            IntVector v = widen(q, off + i);
            if (unsigned) {
                v = v.and(0xFF);
            }
            ((FloatVector) v.sub(zeroPoint).convert(VectorOperators.I2F, 0)).mul(scale).intoArray(out, outOff + i);
        }
        tails.dequantise(q, off + i, len - i, unsigned, zeroPoint, scale, out, outOff + i);
    }

    private static IntVector widen(byte[] b, int off) {
        return (IntVector) ByteVector.fromArray(BS, b, off).convertShape(VectorOperators.B2I, IS, 0);
    }

    @Override
    public void gemm(int m, int n, int k, byte[] a, int aOff, int lda, byte[] b, int[] c, int cOff, int ldc) {
        int[] edge = n % NR == 0 ? null : EDGE.get();
        for (int j0 = 0; j0 < n; j0 += NR) {
            int cols = Math.min(NR, n - j0);
            int panel = j0 * k;
            int i = 0;
            for (; i < m; i += MR) {
                int rows = Math.min(MR, m - i);
                boolean whole = cols == NR;
                int[] dst = whole ? c : edge;
                int dstOff = whole ? cOff + i * ldc + j0 : 0;
                int ldd = whole ? ldc : NR;
                if (rows == MR) {
                    block6(k, a, aOff + i * lda, lda, b, panel, dst, dstOff, ldd);
                } else {
                    for (int r = 0; r < rows; r++) {
                        block1(k, a, aOff + (i + r) * lda, b, panel, dst, dstOff + r * ldd);
                    }
                }
                for (int r = 0; !whole && r < rows; r++) {
                    System.arraycopy(edge, r * NR, c, cOff + (i + r) * ldc + j0, cols);
                }
            }
        }
    }

    private static void block6(int k, byte[] a, int a0, int lda, byte[] b, int b0, int[] c, int c0, int ldc) {
        IntVector c00 = IntVector.zero(IS), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        IntVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        for (int p = 0, bo = b0; p < k; p++, bo += NR) {
            IntVector b0v = widen(b, bo);
            IntVector b1v = widen(b, bo + L);
            int v = a[a0 + p];
            c00 = b0v.mul(v).add(c00);
            c01 = b1v.mul(v).add(c01);
            v = a[a1 + p];
            c10 = b0v.mul(v).add(c10);
            c11 = b1v.mul(v).add(c11);
            v = a[a2 + p];
            c20 = b0v.mul(v).add(c20);
            c21 = b1v.mul(v).add(c21);
            v = a[a3 + p];
            c30 = b0v.mul(v).add(c30);
            c31 = b1v.mul(v).add(c31);
            v = a[a4 + p];
            c40 = b0v.mul(v).add(c40);
            c41 = b1v.mul(v).add(c41);
            v = a[a5 + p];
            c50 = b0v.mul(v).add(c50);
            c51 = b1v.mul(v).add(c51);
        }
        store(c00, c01, c, c0);
        store(c10, c11, c, c0 + ldc);
        store(c20, c21, c, c0 + 2 * ldc);
        store(c30, c31, c, c0 + 3 * ldc);
        store(c40, c41, c, c0 + 4 * ldc);
        store(c50, c51, c, c0 + 5 * ldc);
    }

    private static void block1(int k, byte[] a, int a0, byte[] b, int b0, int[] c, int c0) {
        IntVector c00 = IntVector.zero(IS), c01 = c00;
        for (int p = 0, bo = b0; p < k; p++, bo += NR) {
            int v = a[a0 + p];
            c00 = widen(b, bo).mul(v).add(c00);
            c01 = widen(b, bo + L).mul(v).add(c01);
        }
        store(c00, c01, c, c0);
    }

    private static void store(IntVector lo, IntVector hi, int[] c, int off) {
        lo.intoArray(c, off);
        hi.intoArray(c, off + L);
    }

    @Override
    public void shiftedRowSum(byte[] x, int xOff, int rowStep, int[] tapOffset, byte[] w, int wOff, int taps, int rows,
            int cols, int[] acc, int accOff) {
        if (cols < L) {
            tails.shiftedRowSum(x, xOff, rowStep, tapOffset, w, wOff, taps, rows, cols, acc, accOff);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * rowStep;
            int out = accOff + r * cols;
            for (int j = 0; j < cols; j += L) {
                int at = Math.min(j, cols - L);
                IntVector s = IntVector.zero(IS);
                for (int t = 0; t < taps; t++) {
                    s = widen(x, row + tapOffset[t] + at).mul(w[wOff + t]).add(s);
                }
                s.intoArray(acc, out + at);
            }
        }
    }

    @Override
    public void requantise(int[] acc, int accOff, int len, Requantisation r, int channel, boolean perLane, float[] out,
            int outOff) {
        int i = 0;
        for (int bound = IS.loopBound(len); i < bound; i += L) {
            IntVector corr;
            FloatVector mult;
            FloatVector bias;
            if (perLane) {
                corr = IntVector.fromArray(IS, r.correction, channel + i);
                mult = FloatVector.fromArray(FS, r.multiplier, channel + i);
                bias = FloatVector.fromArray(FS, r.bias, channel + i);
            } else {
                corr = IntVector.broadcast(IS, r.correction[channel]);
                mult = FloatVector.broadcast(FS, r.multiplier[channel]);
                bias = FloatVector.broadcast(FS, r.bias[channel]);
            }
            FloatVector v = ((FloatVector) IntVector.fromArray(IS, acc, accOff + i).sub(corr).convert(VectorOperators.I2F, 0))
                    .mul(mult).mul(r.alpha).add(bias);
            if (r.requantised) {
                FloatVector t = v.div(r.outScale).min(r.outHigh).max(r.outLow).add(ROUND).sub(ROUND);
                v = ((FloatVector) t.convert(VectorOperators.F2I, 0).convert(VectorOperators.I2F, 0)).mul(r.outScale);
            }
            v.intoArray(out, outOff + i);
        }
        tails.requantise(acc, accOff + i, len - i, r, perLane ? channel + i : channel, perLane, out, outOff + i);
    }
}
