// Gemm: y[m, n] = alpha * sum_k A'(m, k) B'(k, n) + beta * C[m * csm + n * csn]; A' and B' optionally
// transposed (ta, tb). One work item per output element.
__kernel void gemm(__global const store_t* a, __global const store_t* b, __global const store_t* c,
        __global store_t* y, int M, int N, int K, int ta, int tb, float alpha, float beta, int hasC, int csm, int csn) {
    int idx = get_global_id(0);
    int n = idx % N; int m = idx / N;
    float acc = 0.0f;
    for (int k = 0; k < K; k++) {
        float av = ta ? LD(a, k * M + m) : LD(a, m * K + k);
        float bv = tb ? LD(b, n * K + k) : LD(b, k * N + n);
        acc += av * bv;
    }
    float v = alpha * acc;
    if (hasC) v += beta * LD(c, m * csm + n * csn);
    ST(y, idx, v);
}

// Batched matmul: batch b reads A at aOff[b] (M x K) and B at bOff[b] (K x N), writes y[b] (M x N).
__kernel void matmul(__global const store_t* a, __global const store_t* b, __global store_t* y,
        __global const int* aOff, __global const int* bOff, int M, int N, int K) {
    int idx = get_global_id(0);
    int n = idx % N; int t = idx / N;
    int m = t % M; int bt = t / M;
    int ab = aOff[bt] + m * K;
    int bb = bOff[bt] + n;
    float acc = 0.0f;
    for (int k = 0; k < K; k++) {
        acc += LD(a, ab + k) * LD(b, bb + k * N);
    }
    ST(y, idx, acc);
}
