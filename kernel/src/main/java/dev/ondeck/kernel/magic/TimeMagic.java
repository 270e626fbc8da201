package dev.ondeck.kernel.magic;

import dev.ondeck.kernel.eval.CellOutcome;
import java.util.Locale;

/** {@code %time code} and {@code %%time}: runs code and prints its wall-clock time. */
public final class TimeMagic implements Magic {

    @Override
    public String name() {
        return "time";
    }

    @Override
    public String synopsis() {
        return "%time code | %%time (cell): run and print the wall-clock time";
    }

    @Override
    public CellOutcome run(String args, String body, MagicContext ctx) {
        String code = body == null ? args : body;
        long t0 = System.nanoTime();
        CellOutcome out = ctx.runCell(code);
        long ns = System.nanoTime() - t0;
        System.out.println(String.format(Locale.ROOT, "Wall time: %.3f ms", ns / 1e6));
        return out;
    }
}
