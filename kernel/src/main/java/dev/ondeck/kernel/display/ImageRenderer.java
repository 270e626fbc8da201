package dev.ondeck.kernel.display;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Renders AWT images (e.g. {@code BufferedImage}) as PNG. */
public final class ImageRenderer implements Renderer {

    @Override
    public Class<?> type() {
        return RenderedImage.class;
    }

    @Override
    public MimeBundle render(Object value) {
        RenderedImage img = (RenderedImage) value;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("image could not be encoded as PNG", e);
        }
        return MimeBundle.of("image/png", out.toByteArray())
                .put("text/plain", "<image " + img.getWidth() + "x" + img.getHeight() + ">");
    }
}
