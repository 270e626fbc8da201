package dev.ondeck.kernel.magic;

import dev.ondeck.kernel.eval.CellOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code %load file.jsh}: runs a script's snippets (and magics) in the session. */
public final class LoadMagic implements Magic {

    @Override
    public String name() {
        return "load";
    }

    @Override
    public String synopsis() {
        return "%load file.jsh: run a JShell script in this session";
    }

    @Override
    public CellOutcome run(String args, String body, MagicContext ctx) throws MagicException {
        if (args.isBlank()) {
            throw new MagicException("usage: " + synopsis());
        }
        Path file = Path.of(args.strip());
        try {
            return ctx.runCell(Files.readString(file));
        } catch (IOException e) {
            throw new MagicException("cannot read " + file + ": " + e, e);
        }
    }
}
