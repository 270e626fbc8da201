package dev.ondeck.visualizers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MachineProbeTest {
    @Test
    void measuresPositiveRoofsAndSaysHow() {
        Machine m = MachineProbe.measure(2, 4 << 20, 200);
        assertTrue(m.peakGflops() > 0.01 && m.peakGflops() < 1e5, "peak " + m.peakGflops());
        assertTrue(m.bandwidthGBs() > 0.01 && m.bandwidthGBs() < 1e5, "bandwidth " + m.bandwidthGBs());
        assertTrue(m.cacheBandwidthGBs() > 0, "cache bandwidth " + m.cacheBandwidthGBs());
        assertTrue(m.source().contains("2 threads"), m.source());
        assertThrows(IllegalArgumentException.class, () -> MachineProbe.measure(0));
        assertThrows(IllegalArgumentException.class, () -> new Machine(0, 1, "none"));
    }
}
