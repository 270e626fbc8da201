package dev.ondeck.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.ondeck.adb.AdbServerFixture;
import dev.ondeck.adb.host.AdbClient;
import dev.ondeck.adb.virtual.VirtualDevice;
import dev.ondeck.engine.DType;
import dev.ondeck.engine.ModelBuilder;
import dev.ondeck.kernel.eval.CellOutcome;
import dev.ondeck.kernel.eval.Evaluator;
import dev.ondeck.kernel.eval.ImportProvider;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same notebook cell in the kernel's JShell, here and on a virtual phone: only the line opening the session differs. */
class NotebookOnAPhoneTest {
    private static final String CELL = String.join("\n",
            "var model = Model.load(java.nio.file.Path.of(\"%s\"));",
            "InferenceSession s = %s;",
            "var y = s.run(java.util.Map.of(\"x\", Tensor.of(new float[] {-1, 2, -3, 4}, 2, 2))).get(\"y\").floats();",
            "var where = s.getClass().getSimpleName() + \" \" + s.backendName();",
            "s.close();",
            "where + \" \" + java.util.Arrays.toString(y)");

    @Test
    void oneLineMovesTheCellToTheDevice(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("relu.onnx");
        ModelBuilder.create().opset(13).input("x", DType.FLOAT, 2, 2)
                .node("Relu", n -> n.inputs("x").outputs("y")).output("y", DType.FLOAT, 2, 2).save(file);
        List<String> imports = new ArrayList<>();
        ServiceLoader.load(ImportProvider.class).forEach(p -> imports.addAll(p.imports()));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (AdbServerFixture server = AdbServerFixture.start();
             VirtualDevice phone = VirtualDevice.start("Notebook_Phone", AdbServerFixture.freePort(), 4);
             Evaluator ev = new Evaluator(List.of(cp.split(File.pathSeparator)), imports)) {
            AdbClient adb = server.client();
            adb.connect(phone.address());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (adb.devices().stream().noneMatch(d -> d.serial().equals(phone.address()) && d.isOnline())
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String path = file.toString().replace("\\", "\\\\");
            CellOutcome here = ev.eval(String.format(CELL, path, "model.newSession(\"cpu-ref\")"), 1);
            String onPhone = "Devices.get(new dev.ondeck.adb.host.AdbClient(\"127.0.0.1\", " + server.port() + "), \""
                    + phone.address() + "\").newSession(model, \"cpu-ref\")";
            CellOutcome there = ev.eval(String.format(CELL, path, onPhone), 2);
            assertEquals("Session cpu-ref [0.0, 2.0, 0.0, 4.0]", value(here));
            assertEquals("RemoteSession cpu-ref [0.0, 2.0, 0.0, 4.0]", value(there));
            adb.disconnect(phone.address());
        }
    }

    private static Object value(CellOutcome outcome) {
        return assertInstanceOf(CellOutcome.Ok.class, outcome, outcome.toString()).value();
    }
}
