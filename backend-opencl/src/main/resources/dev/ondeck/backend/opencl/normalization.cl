// BatchNormalization (inference): y = (x - mean[c]) / sqrt(var[c] + eps) * scale[c] + bias[c], channel c
// of an (N, C, S) layout.
__kernel void batch_norm(__global const store_t* x, __global const store_t* scale, __global const store_t* bias,
        __global const store_t* mean, __global const store_t* var, __global store_t* y, int C, int S, float eps) {
    int i = get_global_id(0);
    int c = (i / S) % C;
    float inv = 1.0f / sqrt(LD(var, c) + eps);
    ST(y, i, (LD(x, i) - LD(mean, c)) * inv * LD(scale, c) + LD(bias, c));
}

// LayerNormalization over contiguous rows of N elements; scale and bias have N elements (or bias is absent).
// stats bit 0: write the row's mean, bit 1: its inverse standard deviation.
__kernel void layer_norm(__global const store_t* x, __global const store_t* scale, __global const store_t* bias,
        __global store_t* y, __global store_t* meanOut, __global store_t* invOut, int N, int hasBias, int stats,
        float eps) {
    int r = get_global_id(0);
    int base = r * N;
    float mean = 0.0f;
    for (int j = 0; j < N; j++) mean += LD(x, base + j);
    mean /= (float) N;
    float var = 0.0f;
    for (int j = 0; j < N; j++) {
        float d = LD(x, base + j) - mean;
        var += d * d;
    }
    float inv = 1.0f / sqrt(var / (float) N + eps);
    if (stats & 1) ST_RAW(meanOut, r, mean);
    if (stats & 2) ST_RAW(invOut, r, inv);
    for (int j = 0; j < N; j++) {
        float v = (LD(x, base + j) - mean) * inv * LD(scale, j);
        if (hasBias) v += LD(bias, j);
        ST(y, base + j, v);
    }
}

// Softmax over rows of N elements at stride INNER: one work item per (outer, inner) row.
__kernel void softmax(__global const store_t* x, __global store_t* y, int N, int INNER) {
    int r = get_global_id(0);
    int base = (r / INNER) * N * INNER + r % INNER;
    float mx = -INFINITY;
    for (int j = 0; j < N; j++) mx = fmax(mx, LD(x, base + j * INNER));
    float sum = 0.0f;
    for (int j = 0; j < N; j++) sum += exp(LD(x, base + j * INNER) - mx);
    for (int j = 0; j < N; j++) ST(y, base + j * INNER, exp(LD(x, base + j * INNER) - mx) / sum);
}
