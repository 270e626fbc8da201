package dev.ondeck.kernel.magic;

import dev.ondeck.kernel.eval.CellOutcome;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code %jars path ...}: adds jars; a path may end in a glob such as {@code lib/*.jar}. */
public final class JarsMagic implements Magic {

    @Override
    public String name() {
        return "jars";
    }

    @Override
    public String synopsis() {
        return "%jars path/to/a.jar [dir/*.jar ...]: add jars to the class path";
    }

    @Override
    public CellOutcome run(String args, String body, MagicContext ctx) throws MagicException {
        if (args.isBlank()) {
            throw new MagicException("usage: " + synopsis());
        }
        List<Path> added = new ArrayList<>();
        for (String spec : args.strip().split("\\s+")) {
            added.addAll(expand(spec));
        }
        for (Path p : added) {
            ctx.addToClasspath(p.toString());
        }
        System.out.println("added " + added.size() + " jar(s)");
        return CellOutcome.Ok.empty();
    }

    private static List<Path> expand(String spec) throws MagicException {
        Path p = Path.of(spec);
        String name = p.getFileName().toString();
        if (!name.contains("*") && !name.contains("?")) {
            if (!Files.isRegularFile(p)) {
                throw new MagicException("no such jar: " + p);
            }
            return List.of(p);
        }
        Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
            ds.forEach(out::add);
        } catch (IOException e) {
            throw new MagicException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new MagicException("no jar matches " + spec);
        }
        out.sort(null);
        return out;
    }
}
