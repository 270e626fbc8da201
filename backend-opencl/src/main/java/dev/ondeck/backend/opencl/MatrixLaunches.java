package dev.ondeck.backend.opencl;

import dev.ondeck.engine.backend.Kernel;
import dev.ondeck.engine.ops.LinearAlgebraOps;

/** Gemm and (batched, broadcasting) MatMul launches. */
final class MatrixLaunches {
    private static final String FILE = "matrix.cl";

    private MatrixLaunches() {
    }

    static Kernel gemm(Prep p, LinearAlgebraOps.Gemm op) {
        int[] a = p.shape(0);
        int[] y = p.outShape();
        int m = y[0];
        int n = y[1];
        int k = op.transA() ? a[0] : a[1];
        boolean hasC = p.present(2);
        ClLaunch.Builder b = p.launch(FILE, "gemm").input(0).input(1);
        int csm = 0;
        int csn = 0;
        if (hasC) {
            int[] c = p.shape(2);
            int cm = c.length == 2 ? c[0] : 1;
            int cn = c.length >= 1 ? c[c.length - 1] : 1;
            csm = cm == 1 ? 0 : cn;
            csn = cn == 1 ? 0 : 1;
            b.input(2);
        } else {
            b.absent();
        }
        return b.output(0).i(m).i(n).i(k).i(op.transA() ? 1 : 0).i(op.transB() ? 1 : 0).f(op.alpha()).f(op.beta())
                .i(hasC ? 1 : 0).i(csm).i(csn).over((long) m * n);
    }

    static Kernel matMul(Prep p) {
        int[] a = p.shape(0);
        int[] bs = p.shape(1);
        if (a.length == 0 || bs.length == 0) {
            return null;
        }
        int[] a2 = a.length == 1 ? new int[] {1, a[0]} : a;
        int[] b2 = bs.length == 1 ? new int[] {bs[0], 1} : bs;
        int m = a2[a2.length - 2];
        int k = a2[a2.length - 1];
        int n = b2[b2.length - 1];
        int rank = Math.max(a2.length, b2.length) - 2;
        int[] batch = new int[rank];
        int[] aDims = batchDims(a2, rank);
        int[] bDims = batchDims(b2, rank);
        int batches = 1;
        for (int d = 0; d < rank; d++) {
            batch[d] = Math.max(aDims[d], bDims[d]);
            batches *= batch[d];
        }
        int[] aOff = new int[batches];
        int[] bOff = new int[batches];
        for (int t = 0; t < batches; t++) {
            int rem = t;
            int ai = 0;
            int bi = 0;
            int as = 1;
            int bsd = 1;
            for (int d = rank - 1; d >= 0; d--) {
                int c = rem % batch[d];
                rem /= batch[d];
                ai += (aDims[d] == 1 ? 0 : c) * as;
                bi += (bDims[d] == 1 ? 0 : c) * bsd;
                as *= aDims[d];
                bsd *= bDims[d];
            }
            aOff[t] = ai * m * k;
            bOff[t] = bi * k * n;
        }
        return p.launch(FILE, "matmul").input(0).input(1).output(0).ints(aOff).ints(bOff).i(m).i(n).i(k)
                .over((long) batches * m * n);
    }

    /** The batch dims of a matrix operand, left-padded with 1 to {@code rank}. */
    private static int[] batchDims(int[] s, int rank) {
        int[] d = new int[rank];
        java.util.Arrays.fill(d, 1);
        int own = s.length - 2;
        System.arraycopy(s, 0, d, rank - own, own);
        return d;
    }
}
