package dev.ondeck.kernel.engine;

import dev.ondeck.kernel.eval.CellOutcome;
import dev.ondeck.kernel.magic.Magic;
import dev.ondeck.kernel.magic.MagicContext;
import dev.ondeck.kernel.magic.MagicException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code %model [name =] file.onnx}: loads a model into a session variable and shows its summary. */
public final class ModelMagic implements Magic {
    private static final Pattern ARGS = Pattern.compile("^(?:([A-Za-z_$][\\w$]*)\\s*=\\s*)?(.+)$");

    @Override
    public String name() {
        return "model";
    }

    @Override
    public String synopsis() {
        return "%model [name =] file.onnx: load a model into variable name (default model) and show it";
    }

    @Override
    public CellOutcome run(String args, String body, MagicContext ctx) throws MagicException {
        Matcher m = ARGS.matcher(args.strip());
        if (args.isBlank() || !m.matches()) {
            throw new MagicException("usage: " + synopsis());
        }
        String var = m.group(1) == null ? "model" : m.group(1);
        Path file = Path.of(m.group(2).strip()).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new MagicException("no such model file: " + file);
        }
        return ctx.eval("var " + var + " = dev.ondeck.engine.Model.load(java.nio.file.Path.of(\""
                + javaString(file.toString()) + "\"));\n" + var);
    }

    static String javaString(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
