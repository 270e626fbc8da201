package dev.ondeck.kernel.install;

import dev.ondeck.kernel.KernelMain;
import dev.ondeck.kernel.protocol.Json;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A Jupyter kernelspec for this kernel: {@code kernel.json} (argv launching {@link KernelMain} with a given JDK
 * and class path, {@code interrupt_mode: message}) and two logos.
 *
 * @param name        kernelspec directory name, e.g. {@code ondeck-java}
 * @param displayName name shown in front ends
 * @param java        the {@code java} launcher (JDK 25)
 * @param classpath   absolute class path entries
 */
public record KernelSpec(String name, String displayName, Path java, List<String> classpath) {

    /** Default kernelspec name. */
    public static final String DEFAULT_NAME = "ondeck-java";

    /** A spec for the running JVM and its class path (the launcher has already expanded wildcards). */
    public static KernelSpec forThisJvm() {
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                cp.add(Path.of(e).toAbsolutePath().normalize().toString());
            }
        }
        return new KernelSpec(DEFAULT_NAME, "Java (Ondeck)", Path.of(System.getProperty("java.home"), "bin", "java"), cp);
    }

    /** The kernel.json content; {@code specDir} holds the class data sharing archive written on first exit. */
    public Map<String, Object> kernelJson(Path specDir) {
        List<String> argv = new ArrayList<>();
        argv.add(java.toString());
        argv.add("-XX:+UseSerialGC");
        if (classpath.stream().allMatch(e -> e.endsWith(".jar"))) {
            // class data sharing speeds up cold start; it cannot archive classes from directories
            argv.add("-XX:+AutoCreateSharedArchive");
            argv.add("-XX:SharedArchiveFile=" + specDir.toAbsolutePath().resolve("ondeck-kernel.jsa"));
        }
        if (ModuleFinder.ofSystem().find("jdk.incubator.vector").isPresent()) {
            // the engine's vectorised CPU kernels need the Vector API module, as bin/ondeck gives it
            argv.add("--add-modules");
            argv.add("jdk.incubator.vector");
        }
        argv.add("-Djava.awt.headless=true");
        argv.add("-cp");
        argv.add(String.join(File.pathSeparator, classpath));
        argv.add(KernelMain.class.getName());
        argv.add("{connection_file}");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("argv", argv);
        m.put("display_name", displayName);
        m.put("language", "java");
        m.put("interrupt_mode", "message");
        m.put("env", Map.of());
        m.put("metadata", Map.of("debugger", false));
        return m;
    }

    /** Writes kernel.json and the logos into {@code kernelsDir/name}, replacing an older spec; returns that dir. */
    public Path writeTo(Path kernelsDir) throws IOException {
        Path dir = kernelsDir.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kernel.json"), Json.write(kernelJson(dir)));
        writeLogo(dir.resolve("logo-32x32.png"), 32);
        writeLogo(dir.resolve("logo-64x64.png"), 64);
        Files.deleteIfExists(dir.resolve("ondeck-kernel.jsa"));
        return dir;
    }

    private static void writeLogo(Path file, int size) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x1f5f8b));
        g.fillRoundRect(0, 0, size, size, size / 4, size / 4);
        g.setColor(new Color(0xf4a300));
        g.setStroke(new BasicStroke(size / 10f));
        int pad = size / 5;
        g.drawLine(pad, size - pad - size / 8, size - pad, size - pad - size / 8);
        g.fillOval(size / 2 - size / 6, pad, size / 3, size / 3);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
