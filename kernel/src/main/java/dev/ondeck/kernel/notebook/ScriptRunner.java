package dev.ondeck.kernel.notebook;

import dev.ondeck.kernel.CellRunner;
import dev.ondeck.kernel.Kernel;
import dev.ondeck.kernel.display.Display;
import dev.ondeck.kernel.display.DisplaySink;
import dev.ondeck.kernel.display.MimeBundle;
import dev.ondeck.kernel.display.RendererRegistry;
import dev.ondeck.kernel.eval.CellOutcome;
import dev.ondeck.kernel.eval.Evaluator;
import dev.ondeck.kernel.io.TextSink;
import dev.ondeck.kernel.magic.MagicRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs a JShell script ({@code .jsh}) through the kernel's evaluation layer: Java snippets and {@code %magic}
 * lines, with the kernel's default imports and display API. {@code System.out}/{@code err} go to the given
 * sinks; {@code display(...)} prints its {@code text/plain} and, with an output folder, saves images there.
 * The script sees {@code String[] args} and {@code Path scriptDir} (its own folder). Its top-level
 * {@code import} lines run first: JShell re-declares variables that a later star import might affect, which
 * would lose their values.
 */
public final class ScriptRunner {
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?[\\w.]+(\\.\\*)?\\s*;\\s*$");

    private final TextSink out;
    private final TextSink err;
    private final Path imageDir;

    /** Writes to {@code out}/{@code err}; saves displayed images under {@code imageDir} when it is not null. */
    public ScriptRunner(TextSink out, TextSink err, Path imageDir) {
        this.out = out;
        this.err = err;
        this.imageDir = imageDir;
    }

    /** Runs {@code script} with {@code args}; returns 0, or 1 after printing the error to the error sink. */
    public int run(Path script, List<String> args) throws IOException {
        String source = Files.readString(script, StandardCharsets.UTF_8);
        ClassLoader loader = ScriptRunner.class.getClassLoader();
        RendererRegistry renderers = RendererRegistry.loadAll(loader);
        Display.install(new TextDisplay(), renderers);
        try (Evaluator ev = Kernel.standardEvaluator(loader);
             RedirectedStreams streams = new RedirectedStreams(out, err)) {
            CellRunner runner = new CellRunner(ev, MagicRegistry.loadAll(loader), 1);
            StringBuilder imports = new StringBuilder();
            String body = hoistImports(source, imports);
            CellOutcome setup = runner.eval(imports + prelude(script, args));
            if (setup instanceof CellOutcome.Failed f) {
                throw new IllegalStateException("script set-up failed: " + f.evalue());
            }
            CellOutcome outcome = runner.runCell(body);
            if (outcome instanceof CellOutcome.Failed f) {
                System.out.flush();
                err.write(script + ": " + f.ename() + (f.evalue().isEmpty() ? "" : ": " + f.evalue()) + "\n");
                f.traceback().forEach(line -> err.write(line + "\n"));
                return 1;
            }
            return 0;
        }
    }

    /** The source with its top-level import lines blanked (keeping line numbers); they go to {@code imports}. */
    static String hoistImports(String source, StringBuilder imports) {
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (IMPORT.matcher(lines[i]).matches()) {
                imports.append(lines[i].strip()).append('\n');
                lines[i] = "";
            }
        }
        return String.join("\n", lines);
    }

    private static String prelude(Path script, List<String> args) {
        StringBuilder sb = new StringBuilder("String[] args = {");
        for (int i = 0; i < args.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(javaString(args.get(i)));
        }
        Path dir = script.toAbsolutePath().getParent();
        return sb.append("};\nPath scriptDir = Path.of(").append(javaString(dir.toString())).append(");").toString();
    }

    private static String javaString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** Shows displays as text; saves image data to files when there is an output folder. */
    private final class TextDisplay implements DisplaySink {
        private int saved;

        @Override
        public synchronized void display(MimeBundle bundle, String displayId, boolean update) {
            System.out.flush();
            StringBuilder line = new StringBuilder(String.valueOf(bundle.data().get("text/plain")));
            for (String mime : List.of("image/png", "image/svg+xml")) {
                if (bundle.has(mime) && !update) {
                    line.append(line.isEmpty() ? "" : "\n").append(save(mime, bundle.data().get(mime)));
                }
            }
            out.write(line + "\n");
        }

        private String save(String mime, Object data) {
            if (imageDir == null) {
                return "[" + mime + " not saved; give --out DIR to save images]";
            }
            saved++;
            Path file = imageDir.resolve(String.format("display-%03d.%s", saved, mime.equals("image/png") ? "png" : "svg"));
            try {
                Files.createDirectories(imageDir);
                byte[] bytes = mime.equals("image/png") ? Base64.getMimeDecoder().decode(String.valueOf(data))
                        : String.valueOf(data).getBytes(StandardCharsets.UTF_8);
                Files.write(file, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("could not save " + mime + " to " + file, e);
            }
            return "[" + mime + " saved to " + file + "]";
        }

        @Override
        public void clearOutput(boolean wait) {
            // A terminal keeps what it printed; nothing to clear.
        }
    }
}
