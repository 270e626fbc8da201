package dev.ondeck.visualizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.models.MobileNetV2Builder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The model picture of {@link EngineCharts#modelHtml}: subgraph bodies as sections, big models grouped. */
class ModelHtmlTest {

    /** x -> If(cond) { then: Relu(x) ; else: Loop(2) { Neg } } -> y. */
    static Model ifWithLoopInElse() {
        ModelBuilder.GraphBuilder loopBody = new ModelBuilder.GraphBuilder("loop_body")
                .input("i", DType.INT64).input("c", DType.BOOL).input("acc", DType.FLOAT, 2)
                .output("c_out", DType.BOOL).output("acc_out", DType.FLOAT, 2);
        loopBody.node("Identity", n -> n.name("keep_going").inputs("c").outputs("c_out"));
        loopBody.node("Neg", n -> n.name("negate").inputs("acc").outputs("acc_out"));
        ModelBuilder.GraphBuilder thenBranch = new ModelBuilder.GraphBuilder("then_graph").output("t", DType.FLOAT, 2);
        thenBranch.node("Relu", n -> n.name("relu").inputs("x").outputs("t"));
        ModelBuilder.GraphBuilder elseBranch = new ModelBuilder.GraphBuilder("else_graph").output("e", DType.FLOAT, 2);
        elseBranch.node("Loop", n -> n.name("twice").inputs("trips", "", "x").outputs("e").attr("body", loopBody));
        return ModelBuilder.create().opset(13)
                .input("x", DType.FLOAT, 2).input("cond", DType.BOOL)
                .initializer("trips", Tensor.of(new long[] {2}))
                .node("If", n -> n.name("branch").inputs("cond").outputs("y")
                        .attr("then_branch", thenBranch).attr("else_branch", elseBranch))
                .output("y", DType.FLOAT, 2).build();
    }

    @Test
    void ifAndLoopBodiesAreClosedSectionsNestedAsInTheModel() {
        String html = EngineCharts.modelHtml(ifWithLoopInElse().graph(), null);
        assertTrue(html.contains("<summary>If branch: then_branch (1 nodes)</summary>"), html);
        assertTrue(html.contains("<summary>If branch: else_branch (1 nodes)</summary>"), html);
        int elseAt = html.indexOf("else_branch (1 nodes)");
        int loopAt = html.indexOf("<summary>Loop twice: body (2 nodes)</summary>");
        assertTrue(loopAt > elseAt, "the Loop body is nested in the else branch");
        assertEquals(3, count(html, "<details class=\"ondeck-subgraph\">"), "closed until clicked");
        Matcher svgs = Pattern.compile("<svg[\\s\\S]*?</svg>").matcher(html);
        int n = 0;
        while (svgs.find()) {
            Pictures.parsesAsSvg(svgs.group());
            n++;
        }
        assertEquals(4, n, "main graph and three bodies");
    }

    @Test
    void mobileNetOverviewDrawsFarFewerBoxesThanNodes() {
        Model m = MobileNetV2Builder.create(1).build();
        assertTrue(m.nodes().size() > 100, "nodes: " + m.nodes().size());
        GraphDiagram d = EngineCharts.model(m.graph(), null);
        assertTrue(d.groups().size() >= 10, "groups: " + d.groups());
        String overview = d.collapseAll().svg();
        Pictures.parsesAsSvg(overview);
        int boxes = count(overview, "class=\"node\"") + count(overview, "class=\"group\"");
        assertTrue(boxes < m.nodes().size() / 2, "overview boxes " + boxes + " for " + m.nodes().size() + " nodes");
        Figure whole = d.figure();
        Pictures.wellFormed(whole);
        assertTrue(whole.width() < 1600, "whole graph stays narrow: " + whole.width());
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }
}
