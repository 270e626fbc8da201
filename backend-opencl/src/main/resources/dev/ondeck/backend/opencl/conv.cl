// Convolution over three spatial dims (1-D and 2-D have leading unit dims), NCDHW, weights
// (Cout, Cin/group, KD, KH, KW). One work item per output element.
// g: in dims (C, D, H, W), out dims (Cout, OD, OH, OW), kernel (KD, KH, KW), strides, dilations, pads begin.
__kernel void conv_general(__global const store_t* x, __global const store_t* w, __global const store_t* bias,
        __global store_t* y, int hasBias, int group, __global const int* g) {
    int idx = get_global_id(0);
    int C = g[0], D = g[1], H = g[2], W = g[3];
    int CO = g[4], OD = g[5], OH = g[6], OW = g[7];
    int KD = g[8], KH = g[9], KW = g[10];
    int SD = g[11], SH = g[12], SW = g[13];
    int DD = g[14], DH = g[15], DW = g[16];
    int PD = g[17], PH = g[18], PW = g[19];
    int ow = idx % OW; int t = idx / OW;
    int oh = t % OH; t /= OH;
    int od = t % OD; t /= OD;
    int co = t % CO; int n = t / CO;
    int cpg = C / group;
    int copg = CO / group;
    int c0 = (co / copg) * cpg;
    float acc = hasBias ? LD(bias, co) : 0.0f;
    for (int ci = 0; ci < cpg; ci++) {
        int xc = ((n * C + c0 + ci) * D) * H * W;
        int wc = ((co * cpg + ci) * KD) * KH * KW;
        for (int kd = 0; kd < KD; kd++) {
            int id = od * SD - PD + kd * DD;
            if (id < 0 || id >= D) continue;
            for (int kh = 0; kh < KH; kh++) {
                int ih = oh * SH - PH + kh * DH;
                if (ih < 0 || ih >= H) continue;
                for (int kw = 0; kw < KW; kw++) {
                    int iw = ow * SW - PW + kw * DW;
                    if (iw < 0 || iw >= W) continue;
                    acc += LD(x, xc + (id * H + ih) * W + iw) * LD(w, wc + (kd * KH + kh) * KW + kw);
                }
            }
        }
    }
    ST(y, idx, acc);
}

// 1x1, stride 1, no padding: y[n, co, p] = sum over ci of w[co, ci] * x[n, ci, p] within the group.
__kernel void conv_1x1(__global const store_t* x, __global const store_t* w, __global const store_t* bias,
        __global store_t* y, int hasBias, int group, int C, int CO, int P) {
    int idx = get_global_id(0);
    int p = idx % P; int t = idx / P;
    int co = t % CO; int n = t / CO;
    int cpg = C / group;
    int c0 = (co / (CO / group)) * cpg;
    float acc = hasBias ? LD(bias, co) : 0.0f;
    int xb = (n * C + c0) * P + p;
    int wb = co * cpg;
    for (int ci = 0; ci < cpg; ci++) {
        acc += LD(x, xb + ci * P) * LD(w, wb + ci);
    }
    ST(y, idx, acc);
}

// Depthwise 2-D (group == C == Cout): one input channel per output channel.
__kernel void conv_depthwise(__global const store_t* x, __global const store_t* w, __global const store_t* bias,
        __global store_t* y, int hasBias, int group, __global const int* g) {
    int idx = get_global_id(0);
    int H = g[2], W = g[3];
    int CO = g[4], OH = g[6], OW = g[7];
    int KH = g[9], KW = g[10];
    int SH = g[12], SW = g[13];
    int DH = g[15], DW = g[16];
    int PH = g[18], PW = g[19];
    int ow = idx % OW; int t = idx / OW;
    int oh = t % OH; t /= OH;
    int c = t % CO; int n = t / CO;
    float acc = hasBias ? LD(bias, c) : 0.0f;
    int xc = (n * CO + c) * H * W;
    int wc = c * KH * KW;
    for (int kh = 0; kh < KH; kh++) {
        int ih = oh * SH - PH + kh * DH;
        if (ih < 0 || ih >= H) continue;
        for (int kw = 0; kw < KW; kw++) {
            int iw = ow * SW - PW + kw * DW;
            if (iw < 0 || iw >= W) continue;
            acc += LD(x, xc + ih * W + iw) * LD(w, wc + kh * KW + kw);
        }
    }
    ST(y, idx, acc);
}

// ConvTranspose as a gather: y[n, m, o] = bias[m] + sum over the group's input channels c and kernel taps k
// with o + pad - k * dilation = i * stride for an input position i. W is (C, M/group, KD, KH, KW).
// g: in dims (C, XD, XH, XW) of X, out dims (M, YD, YH, YW), kernel, strides, dilations, pads begin.
__kernel void conv_transpose(__global const store_t* x, __global const store_t* w, __global const store_t* bias,
        __global store_t* y, int hasBias, int group, __global const int* g) {
    int idx = get_global_id(0);
    int C = g[0], XD = g[1], XH = g[2], XW = g[3];
    int M = g[4], YD = g[5], YH = g[6], YW = g[7];
    int KD = g[8], KH = g[9], KW = g[10];
    int SD = g[11], SH = g[12], SW = g[13];
    int DD = g[14], DH = g[15], DW = g[16];
    int PD = g[17], PH = g[18], PW = g[19];
    int ow = idx % YW; int t = idx / YW;
    int oh = t % YH; t /= YH;
    int od = t % YD; t /= YD;
    int m = t % M; int n = t / M;
    int mg = M / group;
    int cg = C / group;
    int gi = m / mg;
    int mm = m % mg;
    float acc = hasBias ? LD(bias, m) : 0.0f;
    for (int kd = 0; kd < KD; kd++) {
        int td = od + PD - kd * DD;
        if (td < 0 || td % SD != 0 || td / SD >= XD) continue;
        int id = td / SD;
        for (int kh = 0; kh < KH; kh++) {
            int th = oh + PH - kh * DH;
            if (th < 0 || th % SH != 0 || th / SH >= XH) continue;
            int ih = th / SH;
            for (int kw = 0; kw < KW; kw++) {
                int tw = ow + PW - kw * DW;
                if (tw < 0 || tw % SW != 0 || tw / SW >= XW) continue;
                int iw = tw / SW;
                for (int c = 0; c < cg; c++) {
                    int ci = gi * cg + c;
                    float xv = LD(x, (((n * C + ci) * XD + id) * XH + ih) * XW + iw);
                    float wv = LD(w, (((ci * mg + mm) * KD + kd) * KH + kh) * KW + kw);
                    acc += xv * wv;
                }
            }
        }
    }
    ST(y, idx, acc);
}
