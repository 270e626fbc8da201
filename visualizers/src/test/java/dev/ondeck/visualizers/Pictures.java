package dev.ondeck.visualizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** Checks that a figure's PNG decodes at its size and its SVG parses as XML. */
final class Pictures {
    private Pictures() {
    }

    static BufferedImage decodes(Figure f) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(f.png()));
            assertNotNull(img, "PNG did not decode: " + f.title());
            assertEquals(f.width(), img.getWidth(), "width of " + f.title());
            assertEquals(f.height(), img.getHeight(), "height of " + f.title());
            return img;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Document parsesAsSvg(String svg) {
        try {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setNamespaceAware(true);
            dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Document doc = dbf.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
            assertEquals("svg", doc.getDocumentElement().getLocalName());
            return doc;
        } catch (Exception e) {
            throw new AssertionError("SVG does not parse: " + e.getMessage(), e);
        }
    }

    /** Decodes, parses, and checks the picture is not one flat colour. */
    static void wellFormed(Figure f) {
        BufferedImage img = decodes(f);
        parsesAsSvg(f.svg());
        int first = img.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < img.getHeight() && !varied; y += 3) {
            for (int x = 0; x < img.getWidth() && !varied; x += 3) {
                varied = img.getRGB(x, y) != first;
            }
        }
        assertTrue(varied, "blank picture: " + f.title());
    }
}
