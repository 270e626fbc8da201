package dev.ondeck.backend.cpu;

import dev.ondeck.engine.backend.portable.FloatLoops;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link FloatLoops} on the Vector API: one species-agnostic loop per operation with {@code loopBound} and a scalar tail. */
final class VectorLoops implements FloatLoops {
    private static final VectorSpecies<Float> S = VectorSgemm.S;

    private static VectorOperators.Binary op(Binary b) {
        switch (b) {
            case ADD: return VectorOperators.ADD;
            case SUB: return VectorOperators.SUB;
            case MUL: return VectorOperators.MUL;
            default: return VectorOperators.DIV;
        }
    }

    @Override
    public void binary(Binary kind, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff, int n) {
        VectorOperators.Binary op = op(kind);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector.fromArray(S, a, aOff + i).lanewise(op, FloatVector.fromArray(S, b, bOff + i)).intoArray(y, yOff + i);
        }
        if (i < n) {
            PORTABLE.binary(kind, a, aOff + i, b, bOff + i, y, yOff + i, n - i);
        }
    }

    @Override
    public void binaryScalar(Binary kind, float[] a, int aOff, float s, boolean scalarFirst, float[] y, int yOff, int n) {
        VectorOperators.Binary op = op(kind);
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, a, aOff + i);
            (scalarFirst ? sv.lanewise(op, v) : v.lanewise(op, sv)).intoArray(y, yOff + i);
        }
        if (i < n) {
            PORTABLE.binaryScalar(kind, a, aOff + i, s, scalarFirst, y, yOff + i, n - i);
        }
    }

    @Override
    public void unary(Unary f, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            apply(f, v).intoArray(y, yOff + i);
        }
        if (i < n) {
            PORTABLE.unary(f, x, xOff + i, y, yOff + i, n - i);
        }
    }

    private static FloatVector apply(Unary f, FloatVector v) {
        switch (f) {
            case RELU: return v.max(0f);
            case SIGMOID: return FloatVector.broadcast(S, 1f).div(v.neg().lanewise(VectorOperators.EXP).add(1f));
            case TANH: return v.lanewise(VectorOperators.TANH);
            case EXP: return v.lanewise(VectorOperators.EXP);
            case SQRT: return v.sqrt();
            default: return v.mul(v);
        }
    }
}
