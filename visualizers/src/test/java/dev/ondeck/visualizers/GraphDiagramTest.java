package dev.ondeck.visualizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class GraphDiagramTest {
    /** A chain of {@code blocks} residual blocks of 3 ops each, grouped per block. */
    static ModelGraph blocks(int blocks) {
        List<ModelGraph.Node> nodes = new ArrayList<>();
        List<ModelGraph.Edge> edges = new ArrayList<>();
        nodes.add(new ModelGraph.Node("input:x", "float32[1,8]", ModelGraph.Kind.INPUT, "", 0, 0, "", false));
        String prev = "input:x";
        for (int b = 0; b < blocks; b++) {
            String g = "/block" + b;
            String[] ids = {g + "/conv/Conv", g + "/relu/Relu", g + "/add/Add"};
            String[] types = {"Conv", "Relu", "Add"};
            for (int k = 0; k < 3; k++) {
                nodes.add(new ModelGraph.Node(ids[k], types[k], ModelGraph.Kind.OP, g, 1000 * (k + 1), 1.0 / (3 * blocks),
                        k == 0 ? "cpu-fast" : "cpu-ref", k == 1));
            }
            edges.add(new ModelGraph.Edge(prev, ids[0], "t"));
            edges.add(new ModelGraph.Edge(ids[0], ids[1], "t"));
            edges.add(new ModelGraph.Edge(ids[1], ids[2], "t"));
            edges.add(new ModelGraph.Edge(prev, ids[2], "skip"));
            prev = ids[2];
        }
        nodes.add(new ModelGraph.Node("output:y", "float32[1,8]", ModelGraph.Kind.OUTPUT, "", 0, 0, "", false));
        edges.add(new ModelGraph.Edge(prev, "output:y", "y"));
        return new ModelGraph("blocks", nodes, edges);
    }

    @Test
    void everyNodeIsDrawnInItsGroupWithATooltip() {
        Document svg = Pictures.parsesAsSvg(GraphDiagram.of(blocks(40)).colour(NodeColour.TIME_SHARE).svg());
        assertEquals(122, svg.getElementsByTagName("title").getLength());
        assertEquals(40 + 1, svg.getElementsByTagName("g").getLength() - countClass(svg, "node") - 3,
                "one subgraph per block plus the ungrouped inputs and outputs");
    }

    @Test
    void collapsingAGroupDrawsItAsOneBox() {
        GraphDiagram d = GraphDiagram.of(blocks(3));
        assertEquals(Set.of("/block0", "/block1", "/block2"), d.groups());
        Document svg = Pictures.parsesAsSvg(d.collapse(List.of("/block1")).svg());
        assertEquals(1, countClass(svg, "group"));
        assertEquals(2 + 6, countClass(svg, "node"));
        assertEquals(3, countClass(Pictures.parsesAsSvg(d.collapseAll().svg()), "group"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.collapse(List.of("/nope")));
        assertTrue(e.getMessage().contains("/block0"), e.getMessage());
    }

    @Test
    void aHundredPlusNodeGraphRendersInEveryColouring() {
        ModelGraph g = blocks(45);
        for (NodeColour c : NodeColour.values()) {
            Figure f = GraphDiagram.of(g).colour(c).figure();
            Pictures.wellFormed(f);
            assertTrue(f.width() < 1200, c + " stays narrow: " + f.width());
        }
    }

    @Test
    void htmlHasCollapsibleSectionsPerGroup() {
        String html = GraphDiagram.of(blocks(4)).html();
        assertEquals(1 + 4 + 1, html.split("<details", -1).length - 1);
        assertTrue(html.contains("<summary>/block2 (3 nodes"));
    }

    private static int countClass(Document d, String cls) {
        int n = 0;
        org.w3c.dom.NodeList gs = d.getElementsByTagName("g");
        for (int i = 0; i < gs.getLength(); i++) {
            if (cls.equals(((org.w3c.dom.Element) gs.item(i)).getAttribute("class"))) {
                n++;
            }
        }
        return n;
    }
}
