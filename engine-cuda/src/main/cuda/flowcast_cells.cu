// Flowcast's fused cell kernels for the "cuda" step engine: the elementwise part of one step of a
// batch, after cuBLAS has written every key's gate pre-activations gates[b] = [1, x_b, h_b] . W
// (row-major [batch, N], bias included; see model-core's PackedLayer for the layout).
// One thread per (key, unit). The equations are those of model-core's RnnKernel, LstmKernel and
// GruKernel (PyTorch conventions); out[b] = [h' | c'] (LSTM kinds) or [h'] (RNN, GRU).
//
// Compiled to PTX and committed beside this file (the driver JIT-compiles it for the GPU at hand:
// compute_80 PTX runs on Ampere, Hopper and Blackwell). After editing, regenerate with:
//   nvcc -ptx -arch=compute_80 -O3 -o ../resources/io/flowcast/engine/cuda/flowcast_cells.ptx flowcast_cells.cu

__device__ __forceinline__ float sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }

// This thread's element idx = b * hidden + u of a [batch, hidden] output; false past the end.
__device__ __forceinline__ bool element(int batch, int hidden, int* idx, int* b, int* u) {
  *idx = blockIdx.x * blockDim.x + threadIdx.x;
  if (*idx >= batch * hidden) return false;
  *b = *idx / hidden;
  *u = *idx - *b * hidden;
  return true;
}

// LSTM, gate blocks i, f, g, o; peepholes (3H: p_i, p_f, p_o) when has_peepholes != 0.
extern "C" __global__ void lstm_cell(int batch, int hidden, const float* __restrict__ gates,
                                     const float* __restrict__ c_prev,
                                     const float* __restrict__ peepholes, int has_peepholes,
                                     float* __restrict__ out) {
  int idx, b, u;
  if (!element(batch, hidden, &idx, &b, &u)) return;
  const float* g = gates + (size_t)b * 4 * hidden;
  float c = c_prev[idx];
  float a_i = g[u];
  float a_f = g[hidden + u];
  float a_g = g[2 * hidden + u];
  float a_o = g[3 * hidden + u];
  if (has_peepholes) {
    a_i += peepholes[u] * c;
    a_f += peepholes[hidden + u] * c;
  }
  float c_next = sigmoid(a_f) * c + sigmoid(a_i) * tanhf(a_g);
  if (has_peepholes) {
    a_o += peepholes[2 * hidden + u] * c_next;
  }
  float* o = out + (size_t)b * 2 * hidden;
  o[u] = sigmoid(a_o) * tanhf(c_next);
  o[hidden + u] = c_next;
}

// GRU, gate blocks r, z, n_x, n_h; h_prev read from the gathered rows xh (row length k, h at h_at).
extern "C" __global__ void gru_cell(int batch, int hidden, const float* __restrict__ gates,
                                    const float* __restrict__ xh, int k, int h_at,
                                    float* __restrict__ out) {
  int idx, b, u;
  if (!element(batch, hidden, &idx, &b, &u)) return;
  const float* g = gates + (size_t)b * 4 * hidden;
  float h = xh[(size_t)b * k + h_at + u];
  float r = sigmoid(g[u]);
  float z = sigmoid(g[hidden + u]);
  float n = tanhf(g[2 * hidden + u] + r * g[3 * hidden + u]);
  out[idx] = (1.0f - z) * n + z * h;
}

// Elman RNN with tanh, one gate block.
extern "C" __global__ void rnn_cell(int batch, int hidden, const float* __restrict__ gates,
                                    float* __restrict__ out) {
  int idx = blockIdx.x * blockDim.x + threadIdx.x;
  if (idx >= batch * hidden) return;
  out[idx] = tanhf(gates[idx]);
}
