package dev.ondeck.visualizers.internal;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import dev.ondeck.visualizers.Figure;
import dev.ondeck.visualizers.Series;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** A figure drawn by a Java2D painter: the same strokes go to a raster image and to SVG (VectorGraphics2D). */
public final class PaintedFigure implements Figure {
    private final String title;
    private final int width;
    private final int height;
    private final List<Series> series;
    private final Consumer<Graphics2D> painter;
    private final String svg;

    public PaintedFigure(String title, int width, int height, List<Series> series, Consumer<Graphics2D> painter) {
        this(title, width, height, series, painter, null);
    }

    /** A figure whose SVG is written by hand ({@code svg}) rather than recorded from the painter. */
    public PaintedFigure(String title, int width, int height, List<Series> series, Consumer<Graphics2D> painter,
                         String svg) {
        this.svg = svg;
        this.title = title;
        this.width = width;
        this.height = height;
        this.series = List.copyOf(series);
        this.painter = painter;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public List<Series> series() {
        return series;
    }

    @Override
    public BufferedImage image() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            painter.accept(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    @Override
    public String svg() {
        if (svg != null) {
            return svg;
        }
        VectorGraphics2D g = new VectorGraphics2D();
        painter.accept(g);
        Document doc = new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width, height));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            doc.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
