package dev.ondeck.bench;

/** Prints the float lanes of the vector species {@link FmaPeakBenchmark#fmaPeak} uses (for bench/jmh.sh's peak). */
public final class Species {
    private Species() {
    }

    public static void main(String[] args) {
        System.out.println(FmaPeakBenchmark.S.length() + " " + FmaPeakBenchmark.S);
    }
}
