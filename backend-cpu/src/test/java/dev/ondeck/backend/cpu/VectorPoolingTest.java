package dev.ondeck.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link VectorPooling}'s max on the bits as ints agrees bit for bit with cpu-ref where it applies (inputs after a
 * Relu: zeros and positive numbers, with infinities and NaNs among them) and where it must hand the plane back to
 * the float max (a single negative number, a -0 beside a +0, a negative NaN in an otherwise non-negative plane):
 * SqueezeNet's 3x3 stride-2 ceil-mode pools read in place and ResNet18's padded one (the register-only loop),
 * padded ones whose last window overhangs the input (the buffered loop), a 2x2 and a stride-1 window, at 1 and 2
 * threads.
 */
class VectorPoolingTest {
    private enum Values {
        RELU, INF_AND_NAN, ONE_NEGATIVE, SIGNED_ZEROS, NEGATIVE_NAN
    }

    @TestFactory
    List<DynamicTest> maxAgreesWithTheReference() {
        int[][] shapes = {
            // C, H, W, kernel, stride, pad, ceil
            {5, 111, 111, 3, 2, 0, 1},
            {3, 55, 55, 3, 2, 0, 1},
            {7, 27, 27, 3, 2, 0, 1},
            {4, 112, 112, 3, 2, 1, 0},
            {3, 111, 111, 3, 2, 1, 0},
            {2, 30, 48, 3, 2, 1, 1},
            {3, 9, 200, 3, 2, 1, 0},
            {3, 40, 70, 3, 2, 0, 0},
            {2, 13, 45, 2, 2, 0, 1},
            {3, 17, 19, 3, 1, 1, 0},
        };
        List<DynamicTest> tests = new ArrayList<>();
        for (int[] s : shapes) {
            for (Values v : Values.values()) {
                for (int threads : new int[] {1, 2}) {
                    String name = String.format("%dx%dx%d k%d s%d p%d ceil %d, %s, %d thread(s)", s[0], s[1], s[2], s[3], s[4],
                            s[5], s[6], v, threads);
                    tests.add(DynamicTest.dynamicTest(name, () -> check(s, v, threads)));
                }
            }
        }
        return tests;
    }

    private static void check(int[] s, Values values, int threads) {
        int c = s[0];
        int h = s[1];
        int w = s[2];
        int k = s[3];
        Model model = ModelBuilder.create().opset(13).input("x", DType.FLOAT, 1, c, h, w)
                .node("MaxPool", n -> n.name("pool").inputs("x").outputs("y").ints("kernel_shape", k, k)
                        .ints("strides", s[4], s[4]).ints("pads", s[5], s[5], s[5], s[5]).attr("ceil_mode", (long) s[6]))
                .output("y").build();
        Tensor x = Tensor.of(input(c * h * w, values, h * w), 1, c, h, w);
        try (Session ref = model.newSession(SessionOptions.builder().backend("cpu-ref").build());
             Session fast = model.newSession(SessionOptions.builder().backend("cpu").threads(threads).build())) {
            assertEquals("cpu", fast.plan().backendOf(0), "backend of the pooling node");
            float[] want = run(ref, x);
            for (int run = 0; run < 2; run++) {
                float[] got = run(fast, x);
                assertEquals(want.length, got.length);
                for (int i = 0; i < want.length; i++) {
                    boolean same = Float.isNaN(want[i]) ? Float.isNaN(got[i])
                            : Float.floatToRawIntBits(want[i]) == Float.floatToRawIntBits(got[i]);
                    assertTrue(same, "at " + i + ": want " + want[i] + " got " + got[i]);
                }
            }
        }
    }

    /** Non-negative values (a quarter zeros), then per {@code values} a few special ones in the second plane. */
    private static float[] input(int size, Values values, int plane) {
        Random r = new Random(size * 31L + values.ordinal());
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = r.nextInt(4) == 0 ? 0f : r.nextFloat() * 4;
        }
        int at = Math.min(size - 1, plane + plane / 2 + 3);
        switch (values) {
            case INF_AND_NAN:
                x[at] = Float.NaN;
                x[at / 2] = Float.POSITIVE_INFINITY;
                x[size - 1] = Float.NaN;
                break;
            case ONE_NEGATIVE:
                x[at] = -1f;
                break;
            case SIGNED_ZEROS:
                for (int i = plane; i < Math.min(size, 2 * plane); i++) {
                    x[i] = r.nextBoolean() ? -0f : 0f;
                }
                break;
            case NEGATIVE_NAN:
                x[at] = Float.intBitsToFloat(0xffc00000);
                break;
            default:
                break;
        }
        return x;
    }

    private static float[] run(Session s, Tensor x) {
        try (Result res = s.run(Collections.singletonMap("x", x))) {
            return res.get(0).copy().floats();
        }
    }
}
