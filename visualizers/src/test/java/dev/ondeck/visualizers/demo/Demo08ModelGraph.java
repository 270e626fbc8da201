package dev.ondeck.visualizers.demo;

import dev.ondeck.engine.profile.ProfileReport;
import dev.ondeck.visualizers.FromEngine;
import dev.ondeck.visualizers.GraphDiagram;
import dev.ondeck.visualizers.Html;
import dev.ondeck.visualizers.ModelGraph;
import dev.ondeck.visualizers.NodeColour;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The model graph coloured by time share (SVG, PNG) and by backend, and an HTML page with collapsible groups. */
public final class Demo08ModelGraph {
    public static void main(String[] args) throws Exception {
        DemoData d = DemoData.from(args);
        String backend = DemoData.backends().get(DemoData.backends().size() - 1);
        ProfileReport p = d.profile(backend);
        ModelGraph g = FromEngine.graph(d.model.graph(), p);
        GraphDiagram diagram = GraphDiagram.of(g).colour(NodeColour.TIME_SHARE);
        Path html = d.file("08-graph.html");
        Files.writeString(html, Html.page(p.model() + " on " + backend, diagram.html()), StandardCharsets.UTF_8);
        d.wrote(diagram.figure().write(d.file("08-graph-time.svg")), diagram.figure().write(d.file("08-graph-time.png")),
                GraphDiagram.of(g).colour(NodeColour.BACKEND).figure().write(d.file("08-graph-backend.svg")),
                diagram.collapseAll().figure().write(d.file("08-graph-collapsed.png")), html);
    }
}
