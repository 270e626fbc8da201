package dev.ondeck.kernel.engine;

import dev.ondeck.kernel.eval.CellOutcome;
import dev.ondeck.kernel.magic.Magic;
import dev.ondeck.kernel.magic.MagicContext;
import dev.ondeck.kernel.magic.MagicException;

/** {@code %profile model [runs]}: profiles a model (or session) variable on random inputs and shows the table. */
public final class ProfileMagic implements Magic {

    @Override
    public String name() {
        return "profile";
    }

    @Override
    public String synopsis() {
        return "%profile model-or-session [runs=10]: profile on seeded random inputs and show per-node times";
    }

    @Override
    public CellOutcome run(String args, String body, MagicContext ctx) throws MagicException {
        String[] parts = args.strip().split("\\s+");
        if (args.isBlank() || parts.length > 2 || !parts[0].matches("[A-Za-z_$][\\w$.]*")) {
            throw new MagicException("usage: " + synopsis());
        }
        int runs;
        try {
            runs = parts.length == 2 ? Integer.parseInt(parts[1]) : 10;
        } catch (NumberFormatException e) {
            throw new MagicException("runs must be a number, found " + parts[1], e);
        }
        if (runs < 1) {
            throw new MagicException("runs must be at least 1, found " + runs);
        }
        return ctx.eval("dev.ondeck.kernel.engine.ModelProfiler.profile(" + parts[0] + ", 2, " + runs + ")");
    }
}
