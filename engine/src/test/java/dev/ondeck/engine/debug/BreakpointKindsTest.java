package dev.ondeck.engine.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Breakpoints described by kind and argument (what a remote debugger sends) rebuild to the same breakpoints. */
class BreakpointKindsTest {
    @Test
    void everyTextualKindRoundTrips() {
        for (Breakpoint b : List.of(Breakpoint.atNode("conv1"), Breakpoint.onOpType("Gemm"), Breakpoint.onNonFinite(),
                Breakpoint.onMaxAbsAbove(2.5))) {
            Breakpoint again = Breakpoint.of(b.kind(), b.argument());
            assertEquals(b.kind(), again.kind());
            assertEquals(b.argument(), again.argument());
            assertEquals(b.toString(), again.toString());
        }
    }

    @Test
    void predicateBreakpointsCannotBeRebuilt() {
        Breakpoint custom = Breakpoint.whenOutput("big", t -> t.size() > 10);
        assertEquals(Breakpoint.Kind.OUTPUT_CONDITION, custom.kind());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Breakpoint.of(custom.kind(), ""));
        assertTrue(e.getMessage().contains("[NODE, OP_TYPE, NON_FINITE, MAX_ABS_ABOVE]"), e.getMessage());
    }
}
