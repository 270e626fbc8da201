package dev.ondeck.kernel.notebook;

import dev.ondeck.kernel.CellRunner;
import dev.ondeck.kernel.Kernel;
import dev.ondeck.kernel.display.Display;
import dev.ondeck.kernel.display.DisplayHandle;
import dev.ondeck.kernel.display.MimeBundle;
import dev.ondeck.kernel.display.RendererRegistry;
import dev.ondeck.kernel.eval.CellOutcome;
import dev.ondeck.kernel.eval.Evaluator;
import dev.ondeck.kernel.magic.MagicRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Executes a notebook without a front end or sockets: each code cell goes through the kernel's own
 * {@link CellRunner} (JShell evaluator, magics, renderers found with {@code ServiceLoader}) in this JVM, and
 * what the kernel would publish on iopub becomes the cell's nbformat outputs. The JVM's working directory is
 * the notebook's, as under Jupyter, only if the caller started it there (the CLI does).
 */
public final class NotebookRunner implements AutoCloseable {
    private final Evaluator evaluator;
    private final MagicRegistry magics;
    private final RendererRegistry renderers;
    private final OutputCollector collector = new OutputCollector();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cell-timeout");
        t.setDaemon(true);
        return t;
    });
    private int executionCount;

    /** A runner on the given evaluation layer; installs itself as the {@link Display} sink. */
    public NotebookRunner(Evaluator evaluator, MagicRegistry magics, RendererRegistry renderers) {
        this.evaluator = evaluator;
        this.magics = magics;
        this.renderers = renderers;
        Display.install(collector, renderers);
    }

    /** A runner set up as a kernel is: this JVM's class path, default imports, every renderer and magic. */
    public static NotebookRunner standard() {
        ClassLoader loader = NotebookRunner.class.getClassLoader();
        return new NotebookRunner(Kernel.standardEvaluator(loader), MagicRegistry.loadAll(loader),
                RendererRegistry.loadAll(loader));
    }

    /**
     * What a run did.
     *
     * @param errors       the cells that failed, in order
     * @param cellsRun     how many code cells ran
     * @param messageTypes every iopub message type the cells published, in order
     */
    public record Outcome(List<CellError> errors, int cellsRun, List<String> messageTypes) {
    }

    /**
     * Runs the notebook's code cells in order, replacing their outputs and execution counts. Stops after the
     * first failing cell unless {@code allowErrors}; a cell running longer than {@code cellTimeout} (when not
     * null) is interrupted and fails. {@code onCell} hears about each cell as it finishes.
     */
    public Outcome run(Notebook notebook, boolean allowErrors, Duration cellTimeout, Consumer<CellRun> onCell) {
        List<CellError> errors = new ArrayList<>();
        int ran = 0;
        List<Map<String, Object>> cells = notebook.cells();
        for (int index : notebook.codeCellIndices()) {
            Map<String, Object> cell = cells.get(index);
            if (Notebook.source(cell).isBlank()) {
                cell.put("outputs", new ArrayList<>());
                cell.put("execution_count", null);
                continue;
            }
            long start = System.nanoTime();
            CellError error = runCell(index, cell, cellTimeout);
            ran++;
            onCell.accept(new CellRun(index, executionCount, Notebook.firstLine(cell),
                    (System.nanoTime() - start) / 1e9, error != null));
            if (error != null) {
                errors.add(error);
                if (!allowErrors) {
                    break;
                }
            }
        }
        return new Outcome(errors, ran, collector.messageTypes());
    }

    private CellError runCell(int index, Map<String, Object> cell, Duration cellTimeout) {
        int count = ++executionCount;
        List<Map<String, Object>> outputs = new ArrayList<>();
        cell.put("execution_count", count);
        cell.put("outputs", outputs);
        collector.startCell(outputs);
        evaluator.clearInterrupt();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = cellTimeout == null ? null : timer.schedule(() -> {
            timedOut.set(true);
            evaluator.interrupt();
        }, cellTimeout.toMillis(), TimeUnit.MILLISECONDS);
        CellOutcome outcome;
        try (RedirectedStreams streams = new RedirectedStreams(t -> collector.stream("stdout", t),
                t -> collector.stream("stderr", t))) {
            outcome = new CellRunner(evaluator, magics, count).runCell(Notebook.source(cell));
        } catch (RuntimeException | LinkageError e) {
            outcome = new CellOutcome.Failed(e.getClass().getName(), String.valueOf(e.getMessage()),
                    List.of("The runner could not run the cell: " + e));
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
        if (timedOut.get() && outcome instanceof CellOutcome.Failed) {
            String msg = "the cell ran longer than " + cellTimeout.toSeconds() + " s and was interrupted";
            outcome = new CellOutcome.Failed("CellTimeout", msg, List.of("CellTimeout: " + msg));
        }
        return publish(index, cell, outcome, count);
    }

    private CellError publish(int index, Map<String, Object> cell, CellOutcome outcome, int count) {
        if (outcome instanceof CellOutcome.Failed f) {
            collector.error(f.ename(), f.evalue(), f.traceback());
            return new CellError(index, Notebook.firstLine(cell), f.ename(), f.evalue());
        }
        CellOutcome.Ok ok = (CellOutcome.Ok) outcome;
        if (ok.hasValue() && !(ok.value() instanceof DisplayHandle)) {
            MimeBundle b = renderers.render(ok.value(), ok.text());
            collector.result(count, b);
        }
        return null;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        evaluator.close();
    }
}
