package dev.ondeck.visualizers;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A rendered picture: a raster image, an SVG document and an HTML fragment of the same chart, plus the
 * data it plots ({@link #series()}), so that a caller (or a test) can read the numbers behind the picture.
 */
public interface Figure {
    String title();

    int width();

    int height();

    /** The data drawn, one entry per series. */
    List<Series> series();

    /** The picture as an image of {@link #width()} x {@link #height()} pixels. */
    BufferedImage image();

    /** The picture as a standalone SVG document. */
    String svg();

    /** PNG bytes of {@link #image()}. */
    default byte[] png() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image(), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** PNG bytes as base64, the form Jupyter's {@code image/png} output takes. */
    default String pngBase64() {
        return Base64.getEncoder().encodeToString(png());
    }

    /** An HTML fragment: the PNG embedded as a data URI, with the title as its alternative text. */
    default String html() {
        return "<figure class=\"ondeck-figure\"><img alt=\"" + Html.escape(title()) + "\" width=\"" + width()
                + "\" height=\"" + height() + "\" src=\"data:image/png;base64,"
                + pngBase64() + "\"/></figure>";
    }

    /** Writes the figure by the file's extension: {@code .png}, {@code .svg} or {@code .html}. */
    default Path write(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        if (name.endsWith(".png")) {
            Files.write(file, png());
        } else if (name.endsWith(".svg")) {
            Files.writeString(file, svg(), StandardCharsets.UTF_8);
        } else if (name.endsWith(".html")) {
            Files.writeString(file, Html.page(title(), html()), StandardCharsets.UTF_8);
        } else {
            throw new IllegalArgumentException("unknown figure format for " + file + ", expected one of [.png, .svg, .html]");
        }
        return file;
    }
}
