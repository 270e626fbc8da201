// Max and average pooling over three spatial dims; g as in conv.cl (C is the channel count, CO == C).
__kernel void pool(__global const store_t* x, __global store_t* y, int isMax, int includePad, __global const int* g) {
    int idx = get_global_id(0);
    int D = g[1], H = g[2], W = g[3];
    int C = g[4], OD = g[5], OH = g[6], OW = g[7];
    int KD = g[8], KH = g[9], KW = g[10];
    int SD = g[11], SH = g[12], SW = g[13];
    int DD = g[14], DH = g[15], DW = g[16];
    int PD = g[17], PH = g[18], PW = g[19];
    int ow = idx % OW; int t = idx / OW;
    int oh = t % OH; t /= OH;
    int od = t % OD; int nc = t / OD;
    int xb = nc * D * H * W;
    float acc = isMax ? -INFINITY : 0.0f;
    int count = 0;
    for (int kd = 0; kd < KD; kd++) {
        int id = od * SD - PD + kd * DD;
        for (int kh = 0; kh < KH; kh++) {
            int ih = oh * SH - PH + kh * DH;
            for (int kw = 0; kw < KW; kw++) {
                int iw = ow * SW - PW + kw * DW;
                if (id < 0 || id >= D || ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                float v = LD(x, xb + (id * H + ih) * W + iw);
                acc = isMax ? fmax(acc, v) : acc + v;
                count++;
            }
        }
    }
    // count_include_pad divides by every tap of the window, as the reference does.
    if (!isMax) acc /= (float) (includePad ? KD * KH * KW : count);
    ST(y, idx, acc);
}

// Global average or max over the S spatial elements of each (n, c).
__kernel void global_pool(__global const store_t* x, __global store_t* y, int isMax, int S) {
    int nc = get_global_id(0);
    float acc = isMax ? -INFINITY : 0.0f;
    for (int i = 0; i < S; i++) {
        float v = LD(x, nc * S + i);
        acc = isMax ? fmax(acc, v) : acc + v;
    }
    ST(y, nc, isMax ? acc : acc / (float) S);
}
