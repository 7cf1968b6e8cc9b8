#include "ops/lstm.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "ops/matmul.h"
#include "ops/reduce.h"
#include "ops/shape.h"
#include "tensor/engine.h"
#include "tensor/threads.h"

namespace tolmach::ops {

namespace {

using dnnl::memory;
using tag = memory::format_tag;

memory::desc plain(const memory::dims& d, tag t) { return memory::desc(d, memory::data_type::f32, t); }

// The memory descriptors of one left-to-right segment of Ts steps.
struct Descs {
  memory::desc src, dst, iter, wl, wi, bias, wl_bwd, wi_bwd;
  Descs(int64_t Ts, int64_t B, int64_t I, int64_t H)
      : src(plain({Ts, B, I}, tag::tnc)),
        dst(plain({Ts, B, H}, tag::tnc)),
        iter(plain({1, 1, B, H}, tag::ldnc)),
        wl(plain({1, 1, I, 4, H}, tag::ldigo)),
        wi(plain({1, 1, H, 4, H}, tag::ldigo)),
        bias(plain({1, 1, 4, H}, tag::ldgo)),
        wl_bwd(plain({1, 1, I, 4, H}, tag::ldgoi)),
        wi_bwd(plain({1, 1, H, 4, H}, tag::ldgoi)) {}
};

// Forward primitive descriptors (the backward needs them as hints, and the workspace size),
// cached next to the primitives, per shape and propagation kind.
dnnl::lstm_forward::primitive_desc forward_pd(int64_t Ts, int64_t B, int64_t I, int64_t H, bool train) {
  static std::mutex mu;
  static std::unordered_map<std::string, dnnl::lstm_forward::primitive_desc> cache;
  // A descriptor may size buffers for the thread count: key on it (set_num_threads changes it).
  std::string key = std::to_string(Ts) + "," + std::to_string(B) + "," + std::to_string(I) + "," +
                    std::to_string(H) + (train ? "t" : "i") + std::to_string(num_threads());
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  if (cache.size() >= 4096) cache.clear();
  Descs d(Ts, B, I, H);
  dnnl::lstm_forward::desc fd(train ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference,
                              dnnl::rnn_direction::unidirectional_left2right, d.src, d.iter, d.iter, d.wl, d.wi,
                              d.bias, d.dst, d.iter, d.iter);
  return cache.emplace(key, dnnl::lstm_forward::primitive_desc(fd, engine())).first->second;
}

std::string lstm_key(const char* kind, int64_t Ts, int64_t B, int64_t I, int64_t H, bool train) {
  return std::string(kind) + "|" + std::to_string(Ts) + "," + std::to_string(B) + "," + std::to_string(I) + "," +
         std::to_string(H) + (train ? "t" : "i");
}

// The batch and its time segments: cut at every distinct length, so each sequence ends at a
// segment boundary and its final states are that segment's dst_iter. To bound the number of
// distinct primitives (each costs tens of ms of JIT), segments are split further into
// power-of-two chunks of steps and the batch runs padded to Bp rows (a multiple of 8 above 8;
// the extra rows are empty sequences).
struct Plan {
  int64_t B = 0, T = 0, I = 0, H = 0, D = 0, Tr = 0;  // Tr: longest length (steps actually run)
  int64_t Bp = 0;                                      // rows run through oneDNN (>= B)
  std::vector<int64_t> lengths;
  std::vector<int64_t> bounds;  // 0 = bounds[0] < ... < bounds.back() = Tr
  std::vector<int> end;         // per sequence: index of its length in bounds
  // Time step in the input read by direction d at step t (< lengths[b]).
  int64_t src_t(int d, int64_t b, int64_t t) const { return d == 0 ? t : lengths[b] - 1 - t; }
};

// Fills p.bounds, p.Tr, p.Bp and p.end from p.lengths.
void cut_segments(Plan& p) {
  std::vector<int64_t> ends = {0};
  for (int64_t L : p.lengths) {
    TOLMACH_CHECK(L >= 0 && L <= p.T, "lstm length " + std::to_string(L) + " outside [0, " + std::to_string(p.T) + "]");
    ends.push_back(L);
  }
  std::sort(ends.begin(), ends.end());
  ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
  p.Tr = ends.back();
  p.bounds = {0};
  for (size_t k = 0; k + 1 < ends.size(); ++k)
    for (int64_t t = ends[k]; t < ends[k + 1];) {
      int64_t step = 1;
      while (step * 2 <= ends[k + 1] - t) step *= 2;
      p.bounds.push_back(t += step);
    }
  p.Bp = p.B <= 8 ? p.B : (p.B + 7) / 8 * 8;
  for (int64_t L : p.lengths)
    p.end.push_back(static_cast<int>(std::lower_bound(p.bounds.begin(), p.bounds.end(), L) - p.bounds.begin()));
}

// One direction's forward, kept for its backward.
struct DirRun {
  Tensor x, y;               // [Tr, B, I] / [Tr, B, H] in processing order; padding zero
  std::vector<Tensor> h, c;  // [B, H] states at each boundary (h[0], c[0]: initial)
  std::vector<Tensor> ws;    // workspace per segment (training only)
  Tensor wl, wi, bias;       // this direction's weights (ldigo views)
};

Tensor dir_weights(const Tensor& w, int d) { return w.select(1, d).unsqueeze(1); }

void run_forward(const Plan& p, DirRun& r, bool train) {
  size_t K = p.bounds.size() - 1;
  r.h.resize(K + 1);
  r.c.resize(K + 1);
  r.ws.assign(K, Tensor());
  for (size_t k = 0; k < K; ++k) {
    int64_t t0 = p.bounds[k], Ts = p.bounds[k + 1] - t0;
    Descs d(Ts, p.Bp, p.I, p.H);
    auto pd = forward_pd(Ts, p.Bp, p.I, p.H, train);
    dnnl::primitive prim = primitive_cache().get(lstm_key("lstm_fwd", Ts, p.Bp, p.I, p.H, train),
                                                 [&] { return dnnl::lstm_forward(pd); });
    r.h[k + 1] = Tensor::empty({p.Bp, p.H});
    r.c[k + 1] = Tensor::empty({p.Bp, p.H});
    std::unordered_map<int, memory> args = {
        {DNNL_ARG_SRC_LAYER, mem(r.x.slice(0, t0, t0 + Ts), d.src)},
        {DNNL_ARG_SRC_ITER, mem(r.h[k], d.iter)},
        {DNNL_ARG_SRC_ITER_C, mem(r.c[k], d.iter)},
        {DNNL_ARG_WEIGHTS_LAYER, mem(r.wl, d.wl)},
        {DNNL_ARG_WEIGHTS_ITER, mem(r.wi, d.wi)},
        {DNNL_ARG_BIAS, mem(r.bias, d.bias)},
        {DNNL_ARG_DST_LAYER, mem(r.y.slice(0, t0, t0 + Ts), d.dst)},
        {DNNL_ARG_DST_ITER, mem(r.h[k + 1], d.iter)},
        {DNNL_ARG_DST_ITER_C, mem(r.c[k + 1], d.iter)}};
    if (train) {
      auto wsd = pd.workspace_desc();
      r.ws[k] = Tensor::empty({static_cast<int64_t>(wsd.get_size() / 4 + 1)});
      args[DNNL_ARG_WORKSPACE] = mem(r.ws[k], wsd);
    }
    prim.execute(stream(), args);
  }
  stream().wait();
}

// ldigo -> ldgoi (what lstm_backward insists on), with a cached reorder primitive.
Tensor to_ldgoi(const Tensor& w, const memory::desc& from, const memory::desc& to, int64_t rows, int64_t H) {
  Tensor out = Tensor::empty({rows, 4, H});
  std::string key = "reorder_ldigo_ldgoi|" + std::to_string(rows) + "," + std::to_string(H);
  dnnl::primitive prim = primitive_cache().get(
      key, [&] { return dnnl::reorder(dnnl::reorder::primitive_desc(engine(), from, engine(), to)); });
  prim.execute(stream(), {{DNNL_ARG_FROM, mem(w, from)}, {DNNL_ARG_TO, mem(out, to)}});
  return out;
}

struct DirGrads {
  Tensor dx;      // [Tr, B, I] processing order
  Tensor dh0, dc0;  // [B, H]
};

// Backward of one direction. dy: [Tr, B, H] processing order (zero at padding);
// dh, dc: [B, H] gradients of the final states. Weight gradients accumulate into dwl/dwi/db.
DirGrads run_backward(const Plan& p, const DirRun& r, const Tensor& dy, const Tensor& dh, const Tensor& dc,
                      Tensor dwl, Tensor dwi, Tensor db) {
  size_t K = p.bounds.size() - 1;
  Descs d0(1, p.Bp, p.I, p.H);
  Tensor wl = to_ldgoi(r.wl, d0.wl, d0.wl_bwd, p.I, p.H), wi = to_ldgoi(r.wi, d0.wi, d0.wi_bwd, p.H, p.H);
  DirGrads out;
  out.dx = Tensor::empty({p.Tr, p.Bp, p.I});
  Tensor gh = Tensor::zeros({p.Bp, p.H}), gc = Tensor::zeros({p.Bp, p.H});
  // Adds the final-state gradients of the sequences that end at boundary k.
  auto add_final = [&](size_t k) {
    for (int64_t b = 0; b < p.B; ++b)
      if (p.end[b] == static_cast<int>(k)) {
        float *h = gh.data<float>() + b * p.H, *c = gc.data<float>() + b * p.H;
        const float *sh = dh.data<float>() + b * p.H, *sc = dc.data<float>() + b * p.H;
        for (int64_t j = 0; j < p.H; ++j) h[j] += sh[j], c[j] += sc[j];
      }
  };
  for (size_t k = K; k-- > 0;) {
    add_final(k + 1);
    int64_t t0 = p.bounds[k], Ts = p.bounds[k + 1] - t0;
    Descs d(Ts, p.Bp, p.I, p.H);
    dnnl::primitive prim = primitive_cache().get(lstm_key("lstm_bwd", Ts, p.Bp, p.I, p.H, true), [&] {
      dnnl::lstm_backward::desc bd(dnnl::prop_kind::backward, dnnl::rnn_direction::unidirectional_left2right, d.src,
                                   d.iter, d.iter, d.wl_bwd, d.wi_bwd, d.bias, d.dst, d.iter, d.iter, d.src, d.iter,
                                   d.iter, d.wl, d.wi, d.bias, d.dst, d.iter, d.iter);
      return dnnl::lstm_backward(
          dnnl::lstm_backward::primitive_desc(bd, engine(), forward_pd(Ts, p.Bp, p.I, p.H, true)));
    });
    Tensor nh = Tensor::empty({p.Bp, p.H}), nc = Tensor::empty({p.Bp, p.H});
    auto wsd = forward_pd(Ts, p.Bp, p.I, p.H, true).workspace_desc();
    prim.execute(stream(), {{DNNL_ARG_SRC_LAYER, mem(r.x.slice(0, t0, t0 + Ts), d.src)},
                            {DNNL_ARG_SRC_ITER, mem(r.h[k], d.iter)},
                            {DNNL_ARG_SRC_ITER_C, mem(r.c[k], d.iter)},
                            {DNNL_ARG_WEIGHTS_LAYER, mem(wl, d.wl_bwd)},
                            {DNNL_ARG_WEIGHTS_ITER, mem(wi, d.wi_bwd)},
                            {DNNL_ARG_BIAS, mem(r.bias, d.bias)},
                            {DNNL_ARG_DST_LAYER, mem(r.y.slice(0, t0, t0 + Ts), d.dst)},
                            {DNNL_ARG_DST_ITER, mem(r.h[k + 1], d.iter)},
                            {DNNL_ARG_DST_ITER_C, mem(r.c[k + 1], d.iter)},
                            {DNNL_ARG_WORKSPACE, mem(r.ws[k], wsd)},
                            {DNNL_ARG_DIFF_SRC_LAYER, mem(out.dx.slice(0, t0, t0 + Ts), d.src)},
                            {DNNL_ARG_DIFF_SRC_ITER, mem(nh, d.iter)},
                            {DNNL_ARG_DIFF_SRC_ITER_C, mem(nc, d.iter)},
                            {DNNL_ARG_DIFF_WEIGHTS_LAYER, mem(dwl, d.wl)},  // accumulated by oneDNN
                            {DNNL_ARG_DIFF_WEIGHTS_ITER, mem(dwi, d.wi)},
                            {DNNL_ARG_DIFF_BIAS, mem(db, d.bias)},
                            {DNNL_ARG_DIFF_DST_LAYER, mem(dy.slice(0, t0, t0 + Ts), d.dst)},
                            {DNNL_ARG_DIFF_DST_ITER, mem(gh, d.iter)},
                            {DNNL_ARG_DIFF_DST_ITER_C, mem(gc, d.iter)}});
    stream().wait();
    gh = nh;
    gc = nc;
  }
  add_final(0);  // empty sequences: their final states are the initial ones
  out.dh0 = gh;
  out.dc0 = gc;
  return out;
}

// Copies rows between the batch-major [B, T, C] tensor `bt` (channels [off, off + n)) and a
// direction's processing-order [Tr, B, n] tensor `pr`. Padding rows get zero.
void to_processing(const Plan& p, int d, const Tensor& bt, int64_t off, Tensor& pr) {
  int64_t n = pr.dim(2), C = bt.dim(2);
  const float* src = bt.data<float>();
  float* dst = pr.data<float>();
  parallel_for(p.Tr * p.Bp, p.Tr * p.Bp * n, [&](int64_t begin, int64_t end) {
    for (int64_t tb = begin; tb < end; ++tb) {
      const int64_t t = tb / p.Bp, b = tb % p.Bp;
      float* o = dst + tb * n;
      if (b < p.B && t < p.lengths[b])
        std::memcpy(o, src + (b * p.T + p.src_t(d, b, t)) * C + off, n * sizeof(float));
      else
        std::memset(o, 0, n * sizeof(float));
    }
  });
}

// The inverse: writes (or adds) pr into bt's channels [off, off + n); padding rows untouched.
void from_processing(const Plan& p, int d, const Tensor& pr, int64_t off, Tensor& bt, bool add) {
  int64_t n = pr.dim(2), C = bt.dim(2);
  const float* src = pr.data<float>();
  float* dst = bt.data<float>();
  parallel_for(p.B * p.T, p.B * p.T * n, [&](int64_t begin, int64_t end) {
    for (int64_t bt = begin; bt < end; ++bt) {
      const int64_t b = bt / p.T, t = bt % p.T;
      if (t >= p.lengths[b]) continue;
      float* o = dst + bt * C + off;
      const float* s = src + (p.src_t(d, b, t) * p.Bp + b) * n;
      if (add)
        for (int64_t j = 0; j < n; ++j) o[j] += s[j];
      else
        std::memcpy(o, s, n * sizeof(float));
    }
  });
}

}  // namespace

LstmOutput lstm(const Var& x, const std::vector<int64_t>& lengths, const Var& w_layer, const Var& w_iter,
                const Var& bias, const Var& h0, const Var& c0) {
  const Tensor& xv = x.value();
  TOLMACH_CHECK(xv.ndim() == 3 && xv.dtype() == DType::f32, "lstm input must be f32 [B, T, I], got " + xv.str());
  Plan p;
  p.B = xv.dim(0);
  p.T = xv.dim(1);
  p.I = xv.dim(2);
  const Tensor &wl = w_layer.value(), &wi = w_iter.value(), &bv = bias.value();
  TOLMACH_CHECK(wl.ndim() == 5 && wl.dim(0) == 1 && wl.dim(2) == p.I && wl.dim(3) == 4,
                "lstm weights_layer must be [1, D, I, 4, H] with I = " + std::to_string(p.I) + ", got " + wl.str());
  p.D = wl.dim(1);
  p.H = wl.dim(4);
  TOLMACH_CHECK(p.D == 1 || p.D == 2, "lstm has 1 or 2 directions, got " + wl.str());
  TOLMACH_CHECK(wi.shape() == Shape({1, p.D, p.H, 4, p.H}), "lstm weights_iter must be [1, D, H, 4, H], got " + wi.str());
  TOLMACH_CHECK(bv.shape() == Shape({1, p.D, 4, p.H}), "lstm bias must be [1, D, 4, H], got " + bv.str());
  TOLMACH_CHECK(static_cast<int64_t>(lengths.size()) == p.B, "lstm needs one length per sequence");
  TOLMACH_CHECK(h0.defined() == c0.defined(), "lstm: give both h0 and c0 or neither");
  if (h0.defined())
    TOLMACH_CHECK(h0.shape() == Shape({p.D, p.B, p.H}) && c0.shape() == h0.shape(),
                  "lstm initial states must be [D, B, H], got " + h0.value().str() + ", " + c0.value().str());
  p.lengths = lengths;
  cut_segments(p);

  bool train = grad_enabled() && (x.requires_grad() || w_layer.requires_grad() || w_iter.requires_grad() ||
                                  bias.requires_grad() || (h0.defined() && (h0.requires_grad() || c0.requires_grad())));
  Tensor xc = xv.contiguous();
  Tensor wlc = wl.contiguous(), wic = wi.contiguous(), bc = bv.contiguous();
  Tensor h0c = h0.defined() ? h0.value().contiguous() : Tensor(), c0c = c0.defined() ? c0.value().contiguous() : Tensor();

  // One buffer holds all three outputs (one autograd node); y, h, c are views of it.
  int64_t ny = p.B * p.T * p.D * p.H, ns = p.D * p.B * p.H;
  Tensor packed = Tensor::empty({ny + 2 * ns});
  Tensor y = packed.slice(0, 0, ny).view({p.B, p.T, p.D * p.H});
  Tensor hn = packed.slice(0, ny, ny + ns).view({p.D, p.B, p.H});
  Tensor cn = packed.slice(0, ny + ns, ny + 2 * ns).view({p.D, p.B, p.H});
  y.zero();

  auto runs = std::make_shared<std::vector<DirRun>>(p.D);
  for (int d = 0; d < p.D; ++d) {
    DirRun& r = (*runs)[d];
    r.wl = dir_weights(wlc, d);
    r.wi = dir_weights(wic, d);
    r.bias = dir_weights(bc, d);
    r.x = Tensor::empty({p.Tr, p.Bp, p.I});
    r.y = Tensor::empty({p.Tr, p.Bp, p.H});
    to_processing(p, d, xc, 0, r.x);
    r.h.assign(1, Tensor::zeros({p.Bp, p.H}));
    r.c.assign(1, Tensor::zeros({p.Bp, p.H}));
    if (h0c.defined()) {
      r.h[0].slice(0, 0, p.B).copy_from(h0c.select(0, d));
      r.c[0].slice(0, 0, p.B).copy_from(c0c.select(0, d));
    }
    run_forward(p, r, train);
    from_processing(p, d, r.y, d * p.H, y, false);
    for (int64_t b = 0; b < p.B; ++b) {
      std::memcpy(hn.data<float>() + (d * p.B + b) * p.H, r.h[p.end[b]].data<float>() + b * p.H, p.H * 4);
      std::memcpy(cn.data<float>() + (d * p.B + b) * p.H, r.c[p.end[b]].data<float>() + b * p.H, p.H * 4);
    }
    if (!train) r = DirRun();
  }

  std::vector<Var> inputs = {x, w_layer, w_iter, bias};
  if (h0.defined()) inputs.insert(inputs.end(), {h0, c0});
  Var out = Var::make(packed, inputs, [p, runs, x, w_layer, w_iter, bias, h0, c0, ny, ns](const Tensor& g0) {
    Tensor g = g0.contiguous();
    Tensor gy = g.slice(0, 0, ny).view({p.B, p.T, p.D * p.H});
    Tensor gh = g.slice(0, ny, ny + ns).view({p.D, p.B, p.H});
    Tensor gc = g.slice(0, ny + ns, ny + 2 * ns).view({p.D, p.B, p.H});
    Tensor dwl = Tensor::zeros({1, p.D, p.I, 4, p.H}), dwi = Tensor::zeros({1, p.D, p.H, 4, p.H});
    Tensor db = Tensor::zeros({1, p.D, 4, p.H});
    Tensor dx = x.requires_grad() ? Tensor::zeros({p.B, p.T, p.I}) : Tensor();
    Tensor dh0 = Tensor::empty({p.D, p.B, p.H}), dc0 = Tensor::empty({p.D, p.B, p.H});
    for (int d = 0; d < p.D; ++d) {
      Tensor dy = Tensor::empty({p.Tr, p.Bp, p.H});
      to_processing(p, d, gy, d * p.H, dy);
      DirGrads dg = run_backward(p, (*runs)[d], dy, gh.select(0, d), gc.select(0, d), dir_weights(dwl, d),
                                 dir_weights(dwi, d), dir_weights(db, d));
      if (dx.defined()) from_processing(p, d, dg.dx, 0, dx, true);
      dh0.select(0, d).copy_from(dg.dh0.slice(0, 0, p.B));
      dc0.select(0, d).copy_from(dg.dc0.slice(0, 0, p.B));
    }
    if (x.requires_grad()) x.add_grad(std::move(dx));
    w_layer.add_grad(std::move(dwl));
    w_iter.add_grad(std::move(dwi));
    bias.add_grad(std::move(db));
    if (h0.defined()) {
      h0.add_grad(std::move(dh0));
      c0.add_grad(std::move(dc0));
    }
  });
  LstmOutput o;
  o.y = reshape(slice(out, 0, 0, ny), {p.B, p.T, p.D * p.H});
  o.h = reshape(slice(out, 0, ny, ny + ns), {p.D, p.B, p.H});
  o.c = reshape(slice(out, 0, ny + ns, ny + 2 * ns), {p.D, p.B, p.H});
  return o;
}

// The cell runs on matmul + one fused elementwise pass rather than the oneDNN primitive:
// its backward uses the ldigo weights as they are (transposed by strides), where the
// primitive would reorder all weights to ldgoi on every decoder step.
LstmState lstm_cell(const Var& x, const LstmState& state, const Var& w_layer, const Var& w_iter, const Var& bias) {
  const Tensor &xv = x.value(), &hv = state.h.value(), &cv = state.c.value();
  TOLMACH_CHECK(xv.ndim() == 2, "lstm_cell input must be [B, I], got " + xv.str());
  int64_t B = xv.dim(0), I = xv.dim(1);
  const Tensor &wl = w_layer.value(), &wi = w_iter.value();
  TOLMACH_CHECK(wl.ndim() == 5 && wl.dim(0) == 1 && wl.dim(1) == 1 && wl.dim(2) == I && wl.dim(3) == 4,
                "lstm_cell weights_layer must be [1, 1, I, 4, H] with I = " + std::to_string(I) + ", got " + wl.str());
  int64_t H = wl.dim(4);
  TOLMACH_CHECK(wi.shape() == Shape({1, 1, H, 4, H}) && bias.shape() == Shape({1, 1, 4, H}),
                "lstm_cell weights_iter / bias must be [1, 1, H, 4, H] / [1, 1, 4, H], got " + wi.str() + ", " +
                    bias.value().str());
  TOLMACH_CHECK(hv.shape() == Shape({B, H}) && cv.shape() == Shape({B, H}),
                "lstm_cell state must be [B, H], got " + hv.str() + ", " + cv.str());
  Tensor wl2 = wl.contiguous().view({I, 4 * H}), wi2 = wi.contiguous().view({H, 4 * H});
  Tensor c0 = cv.contiguous(), bc = bias.value().contiguous();
  Tensor gates = matmul(xv, wl2);  // [B, 4H] pre-activations, then activations i, f, g, o
  matmul_into(hv, wi2, gates, false, false, 1.f, 1.f);
  Tensor out = Tensor::empty({2, B, H});  // h', c' (one node, two outputs)
  Tensor tc = Tensor::empty({B, H});      // tanh(c')
  {
    float *g = gates.data<float>(), *ho = out.data<float>(), *co = ho + B * H, *t = tc.data<float>();
    const float *cp = c0.data<float>(), *bp = bc.data<float>();
    auto sig = [](float v) { return 1.f / (1.f + std::exp(-v)); };
    auto tanh = [](float v) { return 1.f - 2.f / (std::exp(2.f * v) + 1.f); };  // expf is faster than tanhf
    parallel_for(B, B * H, [&](int64_t begin, int64_t end) {
      for (int64_t b = begin; b < end; ++b)
        for (int64_t j = 0; j < H; ++j) {
          float* r = g + b * 4 * H;
          float i = sig(r[j] + bp[j]), f = sig(r[H + j] + bp[H + j]);
          float gg = tanh(r[2 * H + j] + bp[2 * H + j]), o = sig(r[3 * H + j] + bp[3 * H + j]);
          r[j] = i, r[H + j] = f, r[2 * H + j] = gg, r[3 * H + j] = o;
          float c = f * cp[b * H + j] + i * gg;
          co[b * H + j] = c;
          t[b * H + j] = tanh(c);
          ho[b * H + j] = o * t[b * H + j];
        }
    }, 1 << 15);
  }
  Var hc = Var::make(out, {x, state.h, state.c, w_layer, w_iter, bias},
                     [x, h = state.h, c = state.c, w_layer, w_iter, bias, xv, hv, c0, wl2, wi2, gates, tc, B, I,
                      H](const Tensor& g0) {
                       Tensor g = g0.contiguous();
                       const float *dh = g.data<float>(), *dc = dh + B * H, *a = gates.data<float>();
                       const float *t = tc.data<float>(), *cp = c0.data<float>();
                       Tensor dg = Tensor::empty({B, 4 * H}), dcp = Tensor::empty({B, H});
                       float *d = dg.data<float>(), *dcprev = dcp.data<float>();
                       parallel_for(B, B * H, [&](int64_t begin, int64_t end) {
                         for (int64_t b = begin; b < end; ++b)
                           for (int64_t j = 0; j < H; ++j) {
                             const float* r = a + b * 4 * H;
                             float i = r[j], f = r[H + j], gg = r[2 * H + j], o = r[3 * H + j];
                             int64_t k = b * H + j;
                             float dct = dc[k] + dh[k] * o * (1 - t[k] * t[k]);
                             float* q = d + b * 4 * H;
                             q[j] = dct * gg * i * (1 - i);
                             q[H + j] = dct * cp[k] * f * (1 - f);
                             q[2 * H + j] = dct * i * (1 - gg * gg);
                             q[3 * H + j] = dh[k] * t[k] * o * (1 - o);
                             dcprev[k] = dct * f;
                           }
                       }, 1 << 15);
                       if (x.requires_grad()) x.add_grad(matmul(dg, wl2, false, true));
                       if (h.requires_grad()) h.add_grad(matmul(dg, wi2, false, true));
                       c.add_grad(std::move(dcp));
                       if (w_layer.requires_grad()) w_layer.add_grad(matmul(xv, dg, true, false).view({1, 1, I, 4, H}));
                       if (w_iter.requires_grad()) w_iter.add_grad(matmul(hv, dg, true, false).view({1, 1, H, 4, H}));
                       if (bias.requires_grad()) bias.add_grad(sum(dg, {0}).view({1, 1, 4, H}));
                     });
  return {select(hc, 0, 0), select(hc, 0, 1)};
}

}  // namespace tolmach::ops
