package dev.ondeck.kernel.magic;

import dev.ondeck.kernel.eval.CellOutcome;
import java.io.File;

/** {@code %classpath [entries]}: adds entries (separated by the path separator) or shows the class path. */
public final class ClasspathMagic implements Magic {

    @Override
    public String name() {
        return "classpath";
    }

    @Override
    public String synopsis() {
        return "%classpath [dir-or-jar" + File.pathSeparator + "...]: add to the class path, or list it";
    }

    @Override
    public CellOutcome run(String args, String body, MagicContext ctx) throws MagicException {
        String a = args.strip();
        if (a.isEmpty()) {
            System.out.println(String.join("\n", ctx.classpath()));
            return CellOutcome.Ok.empty();
        }
        for (String entry : a.split(File.pathSeparator)) {
            File f = new File(entry.strip());
            if (!f.exists()) {
                throw new MagicException("no such file or directory: " + f);
            }
            ctx.addToClasspath(f.getPath());
        }
        return CellOutcome.Ok.empty();
    }
}
