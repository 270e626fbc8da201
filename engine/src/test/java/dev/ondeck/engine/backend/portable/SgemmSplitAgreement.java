package dev.ondeck.engine.backend.portable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DynamicTest;

/**
 * Checks that an {@link Sgemm} split over threads by {@link SgemmSplit} gives the single-thread product bit for
 * bit, in every kind of split (asserted, so a shape that stops reaching its split fails), with B as an array or
 * as {@link MatrixRows}, A plain or packed, and a bias-and-clamp epilogue; the single-thread product itself is
 * checked against a product in double.
 */
public final class SgemmSplitAgreement {
    private SgemmSplitAgreement() {
    }

    /** One product shape and the split it should take at 2 and 3 threads. */
    private static final class Shape {
        final String name;
        final int m;
        final int n;
        final int k;
        final SgemmSplit.Kind kind;

        Shape(String name, int m, int n, int k, SgemmSplit.Kind kind) {
            this.name = name;
            this.m = m;
            this.n = n;
            this.k = k;
            this.kind = kind;
        }
    }

    private static List<Shape> shapes() {
        List<Shape> s = new ArrayList<>();
        s.add(new Shape("wide (3x3 conv at 40x40)", 20, 1600, 72, SgemmSplit.Kind.COLUMNS));
        s.add(new Shape("narrow, ragged rows and columns", 70, 45, 300, SgemmSplit.Kind.SHARED_B));
        s.add(new Shape("narrow, several depth blocks", 50, 20, 700, SgemmSplit.Kind.SHARED_B));
        s.add(new Shape("few rows, few columns", 5, 100, 2000, SgemmSplit.Kind.COLUMNS));
        s.add(new Shape("too small to share", 8, 9, 10, SgemmSplit.Kind.SERIAL));
        return s;
    }

    /** One test per shape, B source, A packing and thread count (2 and 3). */
    public static List<DynamicTest> tests(Sgemm g) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Shape s : shapes()) {
            for (boolean rows : new boolean[] {false, true}) {
                for (boolean packA : new boolean[] {false, true}) {
                    for (int threads : new int[] {2, 3}) {
                        String name = s.name + " " + s.m + "x" + s.n + "x" + s.k + ", B " + (rows ? "rows" : "array")
                                + (packA ? ", A packed" : "") + ", " + threads + " threads";
                        tests.add(DynamicTest.dynamicTest(name, () -> check(g, s, rows, packA, threads)));
                    }
                }
            }
        }
        return tests;
    }

    private static void check(Sgemm g, Shape s, boolean useRows, boolean packA, int threads) {
        assertEquals(s.kind, SgemmSplit.kind(g, threads, s.m, s.n, s.k), "split kind");
        Random r = new Random(s.m * 31L + s.n * 7L + s.k);
        int lda = s.k + 3;
        int ldb = s.n + 5;
        int ldc = s.n + 2;
        float[] a = random(r, 2 + s.m * lda);
        float[] b = random(r, 1 + s.k * ldb);
        float[] rowBias = random(r, s.m);
        float[] colBias = random(r, s.n);
        Epilogue e = new Epilogue(rowBias, colBias, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY).clamped(-4f, 3f);
        float[] packed = packA ? g.packA(a, 2, lda, s.m, s.k) : null;
        MatrixRows rows = (p, j0, len, dst, dstOff) -> System.arraycopy(b, 1 + p * ldb + j0, dst, dstOff, len);
        float[] one = product(g, IntraOpPool.of(1), s, useRows, packed, a, lda, b, ldb, rows, ldc, e);
        float[] many = product(g, IntraOpPool.of(threads), s, useRows, packed, a, lda, b, ldb, rows, ldc, e);
        assertArrayEquals(one, many, "the split product differs from the single-thread one");
        for (int i = 0; i < s.m; i++) {
            for (int j = 0; j < s.n; j++) {
                double want = rowBias[i] + colBias[j];
                for (int p = 0; p < s.k; p++) {
                    want += (double) a[2 + i * lda + p] * b[1 + p * ldb + j];
                }
                want = Math.min(Math.max(want, -4), 3);
                float got = one[7 + i * ldc + j];
                assertTrue(Math.abs(got - want) <= 1e-4 * Math.sqrt(s.k) + 1e-5, "C[" + i + "," + j + "] = " + got + ", want " + want);
            }
        }
    }

    private static float[] product(Sgemm g, IntraOpPool pool, Shape s, boolean useRows, float[] packed, float[] a, int lda,
            float[] b, int ldb, MatrixRows rows, int ldc, Epilogue e) {
        float[] c = new float[7 + s.m * ldc];
        if (useRows) {
            Sgemm.parallel(g, pool, packed, s.m, s.n, s.k, a, 2, lda, rows, c, 7, ldc, e);
        } else {
            Sgemm.parallel(g, pool, packed, s.m, s.n, s.k, a, 2, lda, b, 1, ldb, c, 7, ldc, e);
        }
        return c;
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
