package dev.ondeck.engine.ops;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.Tensor;
import dev.ondeck.engine.graph.TensorType;
import java.util.Arrays;

/** Text features: TfIdfVectorizer. */
public final class TextOps {
    private TextOps() {
    }

    public static void registerAll(OpRegistry r) {
        r.register("TfIdfVectorizer", 9, TfIdfVectorizer::new);
    }

    /**
     * TfIdfVectorizer over int32/int64 tokens: counts pool n-grams (min/max_gram_length, max_skip_count) per
     * row and writes TF, IDF or TFIDF values at ngram_indexes; honours pool_int64s, ngram_counts, weights.
     */
    static final class TfIdfVectorizer implements Op {
        final int minGram;
        final int maxGram;
        final int maxSkip;
        final int mode;
        final long[] pool;
        final int[] levelStart;
        final int[] levelCount;
        final int[] levelBase;
        final int[][] sorted;
        final long[] indexes;
        final float[] weights;
        final int width;

        TfIdfVectorizer(NodeSpec n) {
            minGram = (int) n.requireInt("min_gram_length");
            maxGram = (int) n.requireInt("max_gram_length");
            maxSkip = (int) n.requireInt("max_skip_count");
            String m = n.getString("mode", "");
            mode = m.equals("TF") ? 0 : m.equals("IDF") ? 1 : m.equals("TFIDF") ? 2 : -1;
            if (mode < 0) {
                throw n.invalid("mode must be TF, IDF or TFIDF, found '" + m + "'");
            }
            if (minGram < 1 || maxGram < minGram || maxSkip < 0) {
                throw n.invalid("needs 1 <= min_gram_length <= max_gram_length and max_skip_count >= 0, found "
                        + minGram + ", " + maxGram + ", " + maxSkip);
            }
            pool = n.getInts("pool_int64s", null);
            if (pool == null) {
                throw n.invalid("needs pool_int64s (pool_strings is not supported)");
            }
            long[] counts = n.getInts("ngram_counts", new long[0]);
            indexes = n.getInts("ngram_indexes", new long[0]);
            weights = n.getFloats("weights", null);
            levelStart = new int[counts.length];
            levelCount = new int[counts.length];
            levelBase = new int[counts.length];
            sorted = new int[counts.length][];
            int total = index(counts);
            if (total != indexes.length || (weights != null && weights.length != total)) {
                throw n.invalid("pool holds " + total + " n-grams but ngram_indexes has " + indexes.length
                        + (weights != null ? " and weights " + weights.length : ""));
            }
            long max = -1;
            for (long v : indexes) {
                max = Math.max(max, v);
            }
            width = (int) (max + 1);
        }

        /** Lays out each n-gram level and sorts its n-grams for binary search; returns the n-gram count. */
        private int index(long[] counts) {
            int total = 0;
            for (int lv = 0; lv < counts.length; lv++) {
                int gram = lv + 1;
                int start = (int) counts[lv];
                int end = lv + 1 < counts.length ? (int) counts[lv + 1] : pool.length;
                levelStart[lv] = start;
                levelCount[lv] = (end - start) / gram;
                levelBase[lv] = total;
                total += levelCount[lv];
                Integer[] ids = new Integer[levelCount[lv]];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = i;
                }
                Arrays.sort(ids, (p, q) -> comparePool(start + p * gram, start + q * gram, gram));
                sorted[lv] = new int[ids.length];
                for (int i = 0; i < ids.length; i++) {
                    sorted[lv][i] = ids[i];
                }
            }
            return total;
        }

        private int comparePool(int p, int q, int len) {
            for (int i = 0; i < len; i++) {
                int c = Long.compare(pool[p + i], pool[q + i]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }

        @Override
        public TensorType[] infer(TensorType[] in, Tensor[] values, int outputCount) {
            int[] s = in[0].shape();
            DType t = in[0].dtype();
            if (t != DType.INT32 && t != DType.INT64) {
                throw new ShapeException("TfIdfVectorizer needs int32 or int64 input, found " + t);
            }
            if (s.length == 1) {
                return new TensorType[] {TensorType.of(DType.FLOAT, width)};
            }
            if (s.length == 2) {
                return new TensorType[] {TensorType.of(DType.FLOAT, s[0], width)};
            }
            throw new ShapeException("TfIdfVectorizer needs input of rank 1 or 2, found rank " + s.length);
        }

        @Override
        public void execute(Tensor[] in, Tensor[] out, ExecContext ctx) {
            Tensor x = in[0];
            int rows = x.rank() == 1 ? 1 : x.dim(0);
            int cols = x.rank() == 1 ? x.dim(0) : x.dim(1);
            float[] y = out[0].floats();
            Arrays.fill(y, 0f);
            long[] row = new long[cols];
            int[] counts = new int[indexes.length];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < cols; i++) {
                    row[i] = x.getLong(r * cols + i);
                }
                Arrays.fill(counts, 0);
                count(row, counts);
                for (int g = 0; g < counts.length; g++) {
                    double w = weights == null ? 1 : weights[g];
                    double v = mode == 0 ? counts[g] : mode == 1 ? (counts[g] > 0 ? w : 0) : counts[g] * w;
                    y[r * width + (int) indexes[g]] += (float) v;
                }
            }
        }

        /** Counts every pool n-gram in one row; unigrams are counted once, not once per skip distance. */
        private void count(long[] row, int[] counts) {
            int first = minGram;
            for (int skip = 1; skip <= maxSkip + 1 && first <= maxGram; skip++) {
                for (int start = 0; start < row.length; start++) {
                    for (int gram = first; gram <= maxGram && gram <= levelCount.length; gram++) {
                        if (start + (gram - 1) * skip >= row.length) {
                            break;
                        }
                        int g = find(gram - 1, row, start, skip);
                        if (g >= 0) {
                            counts[g]++;
                        }
                    }
                }
                if (first == 1) {
                    first = 2;
                }
            }
        }

        private int find(int lv, long[] row, int start, int skip) {
            int gram = lv + 1;
            int lo = 0;
            int hi = levelCount[lv] - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int id = sorted[lv][mid];
                int p = levelStart[lv] + id * gram;
                int c = 0;
                for (int i = 0; i < gram && c == 0; i++) {
                    c = Long.compare(pool[p + i], row[start + i * skip]);
                }
                if (c == 0) {
                    return levelBase[lv] + id;
                }
                if (c < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return -1;
        }
    }
}
