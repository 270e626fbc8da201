package dev.ondeck.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Result;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RNN, GRU and LSTM beyond the backend cases: a hand-computed RNN, and consistency of bidirectional, reverse,
 * sequence_lens and layout 1 with plain forward runs.
 */
class RecurrentOpsTest {
    private static final int SEQ = 5;
    private static final int BATCH = 3;
    private static final int IN = 4;
    private static final int HID = 3;
    private final Random rnd = new Random(7);

    private Tensor rand(int... shape) {
        Tensor t = Tensor.allocate(DType.FLOAT, shape);
        for (int i = 0; i < t.size(); i++) {
            t.floats()[i] = (float) rnd.nextGaussian() * 0.6f;
        }
        return t;
    }

    /** Runs one recurrent node; inputs in ONNX order with null for absent ones; returns Y, Y_h (, Y_c). */
    private static Result run(String op, String direction, int layout, String extraAttr, Tensor... inputs) {
        String[] names = {"X", "W", "R", "B", "L", "H0", "C0", "P"};
        ModelBuilder mb = ModelBuilder.create().opset(14);
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        String[] ins = new String[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            ins[i] = inputs[i] == null ? "" : names[i];
            if (inputs[i] != null) {
                Object[] dims = new Object[inputs[i].rank()];
                for (int d = 0; d < dims.length; d++) {
                    dims[d] = inputs[i].dim(d);
                }
                mb.input(names[i], inputs[i].dtype(), dims);
                feeds.put(names[i], inputs[i]);
            }
        }
        String[] outs = op.equals("LSTM") ? new String[] {"Y", "Yh", "Yc"} : new String[] {"Y", "Yh"};
        mb.node(op, n -> {
            n.inputs(ins).outputs(outs).attr("direction", direction).attr("layout", layout);
            if (extraAttr != null) {
                n.attr(extraAttr, 1L);
            }
        });
        for (String o : outs) {
            mb.output(o);
        }
        Model m = mb.build();
        try (Session s = m.newSession("cpu-ref")) {
            return s.run(feeds);
        }
    }

    private static Tensor slice0(Tensor t, int index) {
        int[] s = t.shape();
        int inner = t.size() / s[0];
        s[0] = 1;
        Tensor out = Tensor.allocate(t.dtype(), s);
        out.copyFrom(t, index * inner, 0, inner);
        return out;
    }

    @Test
    void rnnMatchesHandComputation() {
        Tensor x = Tensor.of(new float[] {0.5f, -1f}, 2, 1, 1);
        Tensor w = Tensor.of(new float[] {2f}, 1, 1, 1);
        Tensor r = Tensor.of(new float[] {0.5f}, 1, 1, 1);
        Tensor b = Tensor.of(new float[] {0.1f, 0.2f}, 1, 2);
        Result res = run("RNN", "forward", 0, null, x, w, r, b);
        float h1 = (float) Math.tanh(2 * 0.5 + 0.3);
        float h2 = (float) Math.tanh(2 * -1 + 0.5 * h1 + 0.3);
        assertArrayEquals(new float[] {h1, h2}, res.get("Y").floats(), 1e-6f);
        assertArrayEquals(new float[] {h2}, res.get("Yh").floats(), 1e-6f);
    }

    @Test
    void bidirectionalIsForwardAndReverseSideBySide() {
        for (String op : new String[] {"RNN", "GRU", "LSTM"}) {
            int g = op.equals("LSTM") ? 4 : op.equals("GRU") ? 3 : 1;
            Tensor x = rand(SEQ, BATCH, IN);
            Tensor w = rand(2, g * HID, IN);
            Tensor r = rand(2, g * HID, HID);
            Tensor b = rand(2, 2 * g * HID);
            Tensor lens = Tensor.of(new int[] {5, 2, 3}, BATCH);
            Tensor h0 = rand(2, BATCH, HID);
            Tensor c0 = op.equals("LSTM") ? rand(2, BATCH, HID) : null;
            Tensor p = op.equals("LSTM") ? rand(2, 3 * HID) : null;
            String extra = op.equals("GRU") ? "linear_before_reset" : null;
            Result bi = run(op, "bidirectional", 0, extra, x, w, r, b, lens, h0, c0, p);
            for (int d = 0; d < 2; d++) {
                Result one = run(op, d == 0 ? "forward" : "reverse", 0, extra, x, slice0(w, d), slice0(r, d), slice0(b, d), lens,
                        slice0(h0, d), c0 == null ? null : slice0(c0, d), p == null ? null : slice0(p, d));
                float[] y = bi.get("Y").floats();
                float[] y1 = one.get("Y").floats();
                int row = BATCH * HID;
                for (int t = 0; t < SEQ; t++) {
                    for (int i = 0; i < row; i++) {
                        assertEquals(y1[t * row + i], y[(t * 2 + d) * row + i], 1e-6f, op + " Y t=" + t + " dir " + d);
                    }
                }
                assertArrayEquals(one.get("Yh").floats(), slice0(bi.get("Yh"), d).floats(), 1e-6f, op + " Y_h");
            }
        }
    }

    @Test
    void reverseWithLengthsReversesEachSequenceWithinItsLength() {
        int[] lens = {5, 2, 3};
        Tensor x = rand(SEQ, BATCH, IN);
        Tensor flipped = Tensor.allocate(DType.FLOAT, SEQ, BATCH, IN);
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < lens[b]; t++) {
                flipped.copyFrom(x, (t * BATCH + b) * IN, ((lens[b] - 1 - t) * BATCH + b) * IN, IN);
            }
        }
        Tensor w = rand(1, 4 * HID, IN);
        Tensor r = rand(1, 4 * HID, HID);
        Tensor l = Tensor.of(lens, BATCH);
        float[] rev = run("LSTM", "reverse", 0, "input_forget", x, w, r, null, l).get("Y").floats();
        Result fwd = run("LSTM", "forward", 0, "input_forget", flipped, w, r, null, l);
        float[] y = fwd.get("Y").floats();
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < SEQ; t++) {
                for (int k = 0; k < HID; k++) {
                    float want = t < lens[b] ? y[((lens[b] - 1 - t) * BATCH + b) * HID + k] : 0f;
                    assertEquals(want, rev[(t * BATCH + b) * HID + k], 1e-6f);
                }
            }
            for (int k = 0; k < HID; k++) {
                assertEquals(y[((lens[b] - 1) * BATCH + b) * HID + k], fwd.get("Yh").floats()[b * HID + k], 1e-6f);
            }
        }
    }

    @Test
    void layoutOneIsBatchMajor() {
        Tensor x = rand(SEQ, BATCH, IN);
        Tensor w = rand(2, 3 * HID, IN);
        Tensor r = rand(2, 3 * HID, HID);
        Tensor h0 = rand(2, BATCH, HID);
        Result a = run("GRU", "bidirectional", 0, null, x, w, r, null, null, h0);
        Result b = run("GRU", "bidirectional", 1, null, transpose01(x), w, r, null, null, transpose01(h0));
        Tensor ya = a.get("Y");
        Tensor yb = b.get("Y");
        assertArrayEquals(new int[] {BATCH, SEQ, 2, HID}, yb.shape());
        for (int t = 0; t < SEQ; t++) {
            for (int d = 0; d < 2; d++) {
                for (int n = 0; n < BATCH; n++) {
                    for (int k = 0; k < HID; k++) {
                        assertEquals(ya.floats()[((t * 2 + d) * BATCH + n) * HID + k], yb.floats()[((n * SEQ + t) * 2 + d) * HID + k]);
                    }
                }
            }
        }
        assertArrayEquals(transpose01(a.get("Yh")).floats(), b.get("Yh").floats());
    }

    private static Tensor transpose01(Tensor t) {
        int[] s = t.shape();
        int inner = s[2];
        Tensor out = Tensor.allocate(t.dtype(), s[1], s[0], inner);
        for (int i = 0; i < s[0]; i++) {
            for (int j = 0; j < s[1]; j++) {
                out.copyFrom(t, (i * s[1] + j) * inner, (j * s[0] + i) * inner, inner);
            }
        }
        return out;
    }
}
