package dev.ondeck.kernel.engine;

import dev.ondeck.kernel.display.MimeBundle;
import dev.ondeck.kernel.display.Renderer;
import dev.ondeck.visualizers.Figure;

/** Shows a visualizers {@link Figure} as its PNG, with its title as the text form. */
public final class FigureRenderer implements Renderer {

    @Override
    public Class<?> type() {
        return Figure.class;
    }

    @Override
    public MimeBundle render(Object value) {
        Figure f = (Figure) value;
        return MimeBundle.of("image/png", f.pngBase64())
                .put("text/plain", "<figure " + f.title() + ", " + f.width() + "x" + f.height() + ">");
    }
}
