/**
 * Pictures of models, profiles, diffs and tensors: plain data in, PNG, SVG or HTML out.
 *
 * <p>The flat public API: {@link dev.ondeck.visualizers.Charts} draws every chart from plain records
 * ({@link dev.ondeck.visualizers.NodeTiming}, {@link dev.ondeck.visualizers.BackendTimes},
 * {@link dev.ondeck.visualizers.Machine}, {@link dev.ondeck.visualizers.MemoryTimeline},
 * {@link dev.ondeck.visualizers.Histogram}, {@link dev.ondeck.visualizers.FeatureMaps},
 * {@link dev.ondeck.visualizers.NodeError}, {@link dev.ondeck.visualizers.ModelGraph});
 * {@link dev.ondeck.visualizers.GraphDiagram} lays out and draws a model graph;
 * {@link dev.ondeck.visualizers.FromEngine} turns the engine's reports into those records;
 * {@link dev.ondeck.visualizers.EngineCharts} gives the default pictures of an engine object, for notebook
 * renderers; {@link dev.ondeck.visualizers.MachineProbe} measures the roofline's roofs. Every chart is a
 * {@link dev.ondeck.visualizers.Figure}. Everything else lives in {@code internal}. Runnable demos
 * ({@code Demo01ProfileBars} ... {@code Demo08ModelGraph}) are in the module's tests.
 */
package dev.ondeck.visualizers;
