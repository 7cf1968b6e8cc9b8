#include "autograd/gradcheck.h"

#include <cmath>
#include <random>
#include <sstream>

namespace tolmach {

namespace {

double projected(const Tensor& y, const std::vector<float>& r) {
  std::vector<float> v = y.to_vector();
  double s = 0;
  for (size_t i = 0; i < v.size(); ++i) s += static_cast<double>(v[i]) * r[i];
  return s;
}

}  // namespace

GradCheckResult gradcheck(const std::function<Var(const std::vector<Var>&)>& f, const std::vector<Tensor>& inputs,
                          const GradCheckOptions& opts) {
  GradCheckResult res;
  std::vector<Var> vars;
  for (const Tensor& t : inputs) vars.push_back(Var::param(t.to(DType::f32).clone()));

  Var y = f(vars);
  Shape yshape = y.shape();
  std::vector<float> r = random_uniform(yshape, -1.f, 1.f, opts.seed).to_vector();
  y.backward(Tensor::from_vector(yshape, r));

  std::mt19937_64 rng(opts.seed + 1);
  std::ostringstream rep;
  int failures = 0;
  for (size_t k = 0; k < vars.size(); ++k) {
    Tensor& x = vars[k].mutable_value();
    float* p = x.data<float>();
    int64_t n = x.numel();
    Tensor ga = vars[k].grad().defined() ? vars[k].grad() : Tensor::zeros(x.shape());
    std::vector<float> analytic = ga.to_vector();
    std::vector<int64_t> idx;
    if (n <= opts.max_checks) {
      for (int64_t i = 0; i < n; ++i) idx.push_back(i);
    } else {
      std::uniform_int_distribution<int64_t> pick(0, n - 1);
      for (int i = 0; i < opts.max_checks; ++i) idx.push_back(pick(rng));
    }
    NoGradGuard ng;
    for (int64_t i : idx) {
      float orig = p[i];
      p[i] = static_cast<float>(orig + opts.eps);
      double lp = projected(f(vars).value(), r);
      p[i] = static_cast<float>(orig - opts.eps);
      double lm = projected(f(vars).value(), r);
      p[i] = orig;
      double num = (lp - lm) / (2 * opts.eps);
      double err = std::fabs(analytic[i] - num);
      res.max_abs_err = std::max(res.max_abs_err, err);
      if (err > opts.atol + opts.rtol * std::fabs(num)) {
        res.ok = false;
        if (failures++ < 8)
          rep << "input " << k << " " << x.str() << " element " << i << ": analytic " << analytic[i] << " numeric "
              << num << "\n";
      }
    }
  }
  if (failures) rep << failures << " element(s) failed, max abs error " << res.max_abs_err << "\n";
  res.report = rep.str();
  return res;
}

}  // namespace tolmach
