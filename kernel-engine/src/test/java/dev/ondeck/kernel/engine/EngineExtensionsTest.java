package dev.ondeck.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Session;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.diff.BackendDiff;
import dev.ondeck.engine.diff.DiffReport;
import dev.ondeck.visualizers.EngineCharts;
import dev.ondeck.visualizers.Figure;
import dev.ondeck.visualizers.GraphDiagram;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import dev.ondeck.engine.profile.ProfileReport;
import dev.ondeck.kernel.display.MimeBundle;
import dev.ondeck.kernel.display.RendererRegistry;
import dev.ondeck.kernel.eval.CellOutcome;
import dev.ondeck.kernel.eval.Evaluator;
import dev.ondeck.kernel.eval.ImportProvider;
import dev.ondeck.kernel.magic.MagicContext;
import dev.ondeck.kernel.magic.MagicRegistry;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine renderers and magics, found through ServiceLoader as the kernel finds them. */
class EngineExtensionsTest {
    private final RendererRegistry registry = RendererRegistry.loadAll(getClass().getClassLoader());

    private static Model tinyModel() {
        return Model.fromBytes(ModelBuilder.create().opset(13)
                .input("x", DType.FLOAT, 1, 4)
                .initializer("w", Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 4, 3))
                .node("MatMul", n -> n.inputs("x", "w").outputs("y"))
                .node("Relu", n -> n.inputs("y").outputs("z"))
                .output("z", DType.FLOAT, 1, 3)
                .toBytes(), null);
    }

    @Test
    void imageLikeTensorGetsStatsTableAndHeatmap() throws Exception {
        MimeBundle b = registry.render(Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3), "t");
        assertTrue(((String) b.data().get("text/html")).contains("mean"));
        assertTrue(((String) b.data().get("text/html")).contains("alt=\"heatmap\""));
        BufferedImage heatmap = decode((String) b.data().get("image/png"));
        assertEquals(3 * 85, heatmap.getWidth(), "3 columns, 85 pixels each");
        assertEquals(2 * 85, heatmap.getHeight(), "2 rows");
        MimeBundle v = registry.render(Tensor.of(new float[] {1, 2, 3}, 3), "v");
        Figure histogram = EngineCharts.tensor("tensor", Tensor.of(new float[] {1, 2, 3}, 3)).get(0);
        assertEquals(histogram.width(), decode((String) v.data().get("image/png")).getWidth(), "a vector: its histogram");
        assertFalse(((String) v.data().get("text/html")).contains("heatmap"));
    }

    @Test
    void modelSummaryListsInputsAndOpsBesideItsGraph() {
        MimeBundle b = registry.render(tinyModel(), "m");
        String html = (String) b.data().get("text/html");
        assertTrue(html.contains("MatMul") && html.contains("Relu") && html.contains("x"), html);
        assertTrue(html.contains("<svg"), "graph drawn inline");
        String svg = (String) b.data().get("image/svg+xml");
        assertEquals(2, svg.split("class=\"node\"", -1).length - 1 - 2, "two ops plus input and output: " + svg);
    }

    @Test
    void nchwTensorGetsHistogramAndFeatureMapGrid() throws Exception {
        Tensor t = Tensor.allocate(DType.FLOAT, 1, 6, 8, 8);
        for (int i = 0; i < t.size(); i++) {
            t.setDouble(i, Math.sin(i * 0.1));
        }
        MimeBundle b = registry.render(t, "t");
        String html = (String) b.data().get("text/html");
        assertEquals(2, html.split("data:image/png;base64,", -1).length - 1, "histogram and feature maps");
        Figure grid = EngineCharts.tensor("tensor", t).get(1);
        BufferedImage png = decode((String) b.data().get("image/png"));
        assertEquals(grid.width(), png.getWidth());
        assertEquals(grid.height(), png.getHeight());
    }

    @Test
    void diffShowsErrorChartAndHighlightsTheFirstDivergentNode() throws Exception {
        Model a = chain(1f);
        Model b = chain(1.5f);
        DiffReport d;
        try (Session sa = a.newSession("cpu-ref"); Session sb = b.newSession("cpu-ref")) {
            d = BackendDiff.compare(sa, sb, Map.of("x", Tensor.of(new float[] {1, -2, 3, 4}, 1, 4)));
        }
        assertEquals("scale", d.firstDivergent(DiffRenderer.DEFAULT_TOLERANCE).node());
        MimeBundle bundle = registry.render(d, "d");
        String html = (String) bundle.data().get("text/html");
        assertTrue(html.contains("first divergent node #1 scale (Mul)"), html);
        int highlighted = html.indexOf("<tr style=\"background:#ffd6cc");
        assertTrue(highlighted > 0 && html.indexOf("<td>scale</td>", highlighted) > highlighted, html);
        assertEquals(1, html.split("background:#ffd6cc", -1).length - 1, "one first divergent node");
        Figure chart = EngineCharts.diff(d, DiffRenderer.DEFAULT_TOLERANCE);
        assertEquals(1, chart.series().get(0).y().length, "relu within the tolerance");
        assertArrayEquals(new double[] {1, 2}, chart.series().get(1).x(), "scale and negate above it");
        BufferedImage png = decode((String) bundle.data().get("image/png"));
        assertEquals(chart.width(), png.getWidth());
        assertEquals(chart.height(), png.getHeight());
        String none = (String) DiffRenderer.bundle(d, 100).data().get("text/html");
        assertTrue(none.contains("no node exceeds the tolerance") && !none.contains("#ffd6cc"), none);
    }

    /** x -> Relu -> Mul(scale) -> Neg: the same node names whatever the scale. */
    private static Model chain(float scale) {
        return ModelBuilder.create().opset(13).input("x", DType.FLOAT, 1, 4)
                .initializer("k", Tensor.of(new float[] {scale}, 1))
                .node("Relu", n -> n.name("relu").inputs("x").outputs("r"))
                .node("Mul", n -> n.name("scale").inputs("r", "k").outputs("m"))
                .node("Neg", n -> n.name("negate").inputs("m").outputs("y"))
                .output("y", DType.FLOAT, 1, 4).build();
    }

    @Test
    void figuresAndDiagramsRenderThemselves() throws Exception {
        Figure f = EngineCharts.tensor("t", Tensor.of(new float[] {1, 2, 3}, 3)).get(0);
        BufferedImage png = decode((String) registry.render(f, "f").data().get("image/png"));
        assertEquals(f.width(), png.getWidth());
        GraphDiagram g = EngineCharts.model(tinyModel().graph(), null);
        assertTrue(((String) registry.render(g, "g").data().get("image/svg+xml")).startsWith("<svg"));
    }

    private static BufferedImage decode(String base64) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(java.util.Base64.getDecoder().decode(base64)));
        assertNotNull(img, "PNG decodes");
        return img;
    }

    @Test
    void profileRendersAsChartsAndHtmlTable() {
        ProfileReport r = ModelProfiler.profile(tinyModel(), 1, 3);
        Map<String, Object> bundle = registry.render(r, "p").data();
        String html = (String) bundle.get("text/html");
        assertTrue(html.contains("<table>") && html.contains("MatMul"), html);
        assertTrue(html.contains("src=\"data:image/png;base64,"), "charts embedded");
        byte[] png = java.util.Base64.getDecoder().decode((String) bundle.get("image/png"));
        assertTrue(png.length > 8 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "image/png is a PNG");
    }

    @Test
    void modelAndProfileMagicsRunInASession(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.onnx");
        ModelBuilder.create().opset(13).input("x", DType.FLOAT, 2, 2)
                .node("Relu", n -> n.inputs("x").outputs("y")).output("y", DType.FLOAT, 2, 2).save(file);
        List<String> imports = new ArrayList<>();
        ServiceLoader.load(ImportProvider.class).forEach(p -> imports.addAll(p.imports()));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (Evaluator ev = new Evaluator(List.of(cp.split(File.pathSeparator)), imports)) {
            MagicRegistry magics = MagicRegistry.loadAll(getClass().getClassLoader());
            MagicContext ctx = new EvaluatorContext(ev, magics);
            CellOutcome loaded = magics.find("model").orElseThrow().run("net = " + file, null, ctx);
            assertInstanceOf(Model.class, ((CellOutcome.Ok) loaded).value(), loaded.toString());
            CellOutcome profiled = magics.find("profile").orElseThrow().run("net 2", null, ctx);
            assertInstanceOf(ProfileReport.class, ((CellOutcome.Ok) profiled).value(), profiled.toString());
            assertEquals(2, ((ProfileReport) ((CellOutcome.Ok) profiled).value()).runs());
        }
    }

    private record EvaluatorContext(Evaluator ev, MagicRegistry magics) implements MagicContext {
        @Override
        public CellOutcome eval(String code) {
            return ev.eval(code, 1);
        }

        @Override
        public CellOutcome runCell(String source) {
            return ev.eval(source, 1);
        }

        @Override
        public void page(String text) {
        }

        @Override
        public void addToClasspath(String entry) {
            ev.addToClasspath(entry);
        }

        @Override
        public List<String> classpath() {
            return ev.classpath();
        }
    }
}
