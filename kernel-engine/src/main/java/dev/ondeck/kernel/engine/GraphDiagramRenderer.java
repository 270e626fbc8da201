package dev.ondeck.kernel.engine;

import dev.ondeck.kernel.display.MimeBundle;
import dev.ondeck.kernel.display.Renderer;
import dev.ondeck.visualizers.GraphDiagram;

/**
 * Shows a {@link GraphDiagram} as its HTML (overview with groups collapsed, each group in a closed section)
 * and as the SVG of that overview.
 */
public final class GraphDiagramRenderer implements Renderer {

    @Override
    public Class<?> type() {
        return GraphDiagram.class;
    }

    @Override
    public MimeBundle render(Object value) {
        GraphDiagram d = (GraphDiagram) value;
        return MimeBundle.of("text/html", d.html()).put("image/svg+xml", d.collapseAll().svg())
                .put("text/plain", "<graph diagram, groups " + d.groups() + ">");
    }
}
