package dev.ondeck.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Model;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.engine.Tensor;
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
    void imageLikeTensorGetsStatsTableAndHeatmap() {
        MimeBundle b = registry.render(Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3), "t");
        assertTrue(((String) b.data().get("text/html")).contains("mean"));
        assertTrue(b.has("image/png"));
        assertFalse(registry.render(Tensor.of(new float[] {1, 2, 3}, 3), "v").has("image/png"));
    }

    @Test
    void modelSummaryListsInputsAndOps() {
        String html = (String) registry.render(tinyModel(), "m").data().get("text/html");
        assertTrue(html.contains("MatMul") && html.contains("Relu") && html.contains("x"), html);
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
