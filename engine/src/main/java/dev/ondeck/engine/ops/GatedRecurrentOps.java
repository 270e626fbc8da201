package dev.ondeck.engine.ops;

import dev.ondeck.engine.ops.RecurrentOps.Activation;
import dev.ondeck.engine.ops.RecurrentOps.Job;
import dev.ondeck.engine.ops.RecurrentOps.Recurrent;
import java.util.Arrays;

/** Gated recurrent layers: LSTM and GRU, built on {@link RecurrentOps.Recurrent}. */
public final class GatedRecurrentOps {
    private GatedRecurrentOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("GRU", 1, n -> new Gru(n));
        r.register("LSTM", 1, n -> new Lstm(n));
    }

    /** LSTM (gates i, o, f, c): honours direction, hidden_size, activations/alpha/beta, clip, input_forget, layout, P. */
    static final class Lstm extends Recurrent {
        final boolean inputForget;

        Lstm(NodeSpec n) {
            super(n, 4, new String[] {"Sigmoid", "Tanh", "Tanh"});
            this.inputForget = n.getInt("input_forget", 0) != 0;
        }

        @Override
        void step(Job j, int d, int b) {
            int hid = j.hid;
            float[] g = j.g;
            j.recur(d, 0, j.gh, j.h, b * hid, g, 0);
            Activation f = act(d, 0);
            Activation gAct = act(d, 1);
            Activation hAct = act(d, 2);
            float[] p = j.p;
            int pOff = d * 3 * hid;
            for (int k = 0; k < hid; k++) {
                int s = b * hid + k;
                float cPrev = j.c[s];
                float gi = p == null ? g[k] : g[k] + p[pOff + k] * cPrev;
                float i = f.apply(clamp(gi));
                float ft;
                if (inputForget) {
                    ft = 1f - i;
                } else {
                    float gf = p == null ? g[2 * hid + k] : g[2 * hid + k] + p[pOff + 2 * hid + k] * cPrev;
                    ft = f.apply(clamp(gf));
                }
                float cNew = ft * cPrev + i * gAct.apply(clamp(g[3 * hid + k]));
                float go = p == null ? g[hid + k] : g[hid + k] + p[pOff + hid + k] * cNew;
                j.c[s] = cNew;
                j.h[s] = f.apply(clamp(go)) * hAct.apply(cNew);
            }
        }
    }

    /** GRU (gates z, r, h): honours direction, hidden_size, activations/alpha/beta, clip, linear_before_reset, layout. */
    static final class Gru extends Recurrent {
        final boolean linearBeforeReset;

        Gru(NodeSpec n) {
            super(n, 3, new String[] {"Sigmoid", "Tanh"});
            this.linearBeforeReset = n.getInt("linear_before_reset", 0) != 0;
        }

        @Override
        void step(Job j, int d, int b) {
            int hid = j.hid;
            float[] g = j.g;
            float[] tmp = j.tmp;
            int hOff = b * hid;
            j.recur(d, 0, 2 * hid, j.h, hOff, g, 0);
            Activation f = act(d, 0);
            for (int k = 0; k < 2 * hid; k++) {
                g[k] = f.apply(clamp(g[k]));
            }
            if (linearBeforeReset) {
                Arrays.fill(tmp, 0f);
                j.recur(d, 2 * hid, hid, j.h, hOff, tmp, 0);
                for (int k = 0; k < hid; k++) {
                    g[2 * hid + k] += g[hid + k] * tmp[k];
                }
            } else {
                for (int k = 0; k < hid; k++) {
                    tmp[k] = g[hid + k] * j.h[hOff + k];
                }
                j.recur(d, 2 * hid, hid, tmp, 0, g, 2 * hid);
            }
            Activation gAct = act(d, 1);
            for (int k = 0; k < hid; k++) {
                float z = g[k];
                j.h[hOff + k] = (1f - z) * gAct.apply(clamp(g[2 * hid + k])) + z * j.h[hOff + k];
            }
        }
    }
}
