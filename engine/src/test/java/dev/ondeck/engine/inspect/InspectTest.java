package dev.ondeck.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ondeck.engine.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class InspectTest {
    @Test
    void statisticsCountNonFiniteAndZeros() {
        Tensor t = Tensor.of(new float[] {0, 1, 2, 3, Float.NaN, Float.POSITIVE_INFINITY, 0, 6}, 8);
        TensorStats s = TensorStats.of(t, 3);
        assertEquals(0, s.min());
        assertEquals(6, s.max());
        assertEquals(2, s.mean(), 1e-12);
        assertEquals(1, s.nanCount());
        assertEquals(1, s.infCount());
        assertEquals(0.25, s.zeroFraction());
        assertArrayEquals(new long[] {3, 2, 1}, s.histogram());
        assertEquals(Math.sqrt((4 + 1 + 0 + 1 + 4 + 16) / 6.0), s.std(), 1e-12);
    }

    @Test
    void comparisonFindsTheWorstElement() {
        Tensor ref = Tensor.of(new float[] {1, 2, 3, 4}, 4);
        Tensor act = Tensor.of(new float[] {1, 2.5f, 3, 4}, 4);
        TensorComparison c = TensorComparison.of(ref, act);
        assertEquals(0.5, c.maxAbsError(), 1e-12);
        assertEquals(0.25, c.maxRelError(), 1e-12);
        assertEquals(1, c.worstIndex());
        assertEquals(1L << 21, c.maxUlpDistance());
        assertEquals(TensorComparison.of(ref, ref).maxUlpDistance(), 0);
        assertEquals(1.0, TensorComparison.of(ref, ref).cosineSimilarity(), 1e-12);
    }

    @Test
    void slicesAndTopK() {
        Tensor t = Tensor.of(new float[] {1, 9, 3, 7, 5, 8}, 2, 3);
        assertArrayEquals(new float[] {7, 5, 8}, TensorSlicing.slice(t, 1).floats());
        List<TensorSlicing.Entry> top = TensorSlicing.topK(t, 2);
        assertArrayEquals(new int[] {0, 1}, top.get(0).index);
        assertEquals(8, top.get(1).value);
    }
}
