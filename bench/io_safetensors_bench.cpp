// Model file throughput: writing model.safetensors (through AtomicFile, fsync included) and
// opening it (mmap + header validation, then copying every tensor out as a model load does).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "io/safetensors.h"

namespace {

using tolmach::SafetensorsDType;
using tolmach::TensorRecord;

// ~ a small Transformer: `n` f32 matrices of 512 x 512 (1 MiB each).
struct Model {
  std::vector<std::vector<float>> mats;
  std::vector<TensorRecord> records;
  explicit Model(int n) : mats(n, std::vector<float>(512 * 512, 0.5f)) {
    for (int i = 0; i < n; ++i)
      records.push_back({"layer." + std::to_string(i) + ".weight", SafetensorsDType::F32,
                         {512, 512}, mats[i].data(), mats[i].size() * 4});
  }
};

std::string bench_path() { return "/tmp/tolmach-bench-" + std::to_string(::getpid()) + ".safetensors"; }

void BM_WriteSafetensors(benchmark::State& state) {
  const Model model(static_cast<int>(state.range(0)));
  const std::string path = bench_path();
  for (auto _ : state) tolmach::write_safetensors(path, model.records);
  state.SetBytesProcessed(state.iterations() * state.range(0) * 512 * 512 * 4);
  std::remove(path.c_str());
}
BENCHMARK(BM_WriteSafetensors)->Arg(16)->Arg(64)->Unit(benchmark::kMillisecond);

void BM_OpenSafetensors(benchmark::State& state) {
  const Model model(static_cast<int>(state.range(0)));
  const std::string path = bench_path();
  tolmach::write_safetensors(path, model.records);
  std::vector<float> dst(512 * 512);
  for (auto _ : state) {
    const auto file = tolmach::read_safetensors(path);
    for (const auto& t : file.tensors()) std::memcpy(dst.data(), t.data, t.nbytes);
    benchmark::DoNotOptimize(dst.data());
  }
  state.SetBytesProcessed(state.iterations() * state.range(0) * 512 * 512 * 4);
  std::remove(path.c_str());
}
BENCHMARK(BM_OpenSafetensors)->Arg(16)->Arg(64)->Unit(benchmark::kMillisecond);

}  // namespace
