#include "train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "io/checkpoint.h"
#include "base/error.h"
#include "io/model_dir.h"
#include "train/param_checksum.h"
#include "train/param_io.h"
#include "train/stop_signal.h"

namespace fs = std::filesystem;

namespace tolmach {
namespace {

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

uint64_t update_seed(uint64_t seed, int64_t update) {
  // splitmix64 of (seed, update)
  uint64_t z = seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(update) + 0x632BE59BD9B4E019ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

nlohmann::json TrainerState::to_json() const {
  nlohmann::json j;
  j["update"] = update;
  j["epoch"] = data.epoch + 1;
  j["data_position"] = {{"epoch", data.epoch}, {"batch", data.batch}};
  j["rng"] = {{"seed", seed}, {"draws", update}};
  if (has_best) j["best_valid"] = best;
  else j["best_valid"] = nullptr;
  j["stalled"] = stalled;
  j["last_valid"] = last_valid;
  return j;
}

TrainerState TrainerState::from_json(const nlohmann::json& j, const std::string& file) {
  TrainerState s;
  try {
    s.update = j.at("update").get<int64_t>();
    s.data.epoch = j.at("data_position").at("epoch").get<uint64_t>();
    s.data.batch = j.at("data_position").at("batch").get<uint64_t>();
    s.seed = j.at("rng").at("seed").get<uint64_t>();
    s.has_best = !j.at("best_valid").is_null();
    if (s.has_best) s.best = j.at("best_valid").get<double>();
    s.stalled = j.at("stalled").get<size_t>();
    s.last_valid = j.value("last_valid", std::vector<double>{});
  } catch (const nlohmann::json::exception& e) {
    throw InputError(file, 0, std::string("bad trainer state: ") + e.what());
  }
  return s;
}

Trainer::Trainer(Seq2SeqModel& model, const ParallelCorpus& corpus, TrainerOptions options,
                 Progress& progress, Validator* validator)
    : model_(model), corpus_(corpus), options_(std::move(options)), progress_(progress),
      validator_(validator), params_(model.parameters()) {
  for (const auto& p : params_) vars_.push_back(p.second);
  adam_ = std::make_unique<Adam>(vars_, options_.adam);
  if (options_.exponential_smoothing > 0)
    for (const Var& v : vars_) average_.push_back(v.value().clone());
  state_.seed = options_.seed;
  comm_ = options_.comm ? options_.comm : &local_;
  options_.batch.rank = static_cast<size_t>(comm_->rank());
  options_.batch.size = static_cast<size_t>(comm_->size());
  if (comm_->size() > 1)
    allreduce_ = std::make_unique<GradientAllreduce>(*comm_, options_.allreduce_precision,
                                                     options_.allreduce_bucket_bytes);
  open_stream(state_.data);
}

void Trainer::open_stream(const DataPosition& global) {
  // This rank's share of the batches all ranks consumed, rounded up: a position saved by a
  // number of ranks that does not divide it skips at most size-1 batches, never repeats one.
  const uint64_t n = options_.batch.size;
  stream_ = std::make_unique<BatchStream>(corpus_, options_.batch, options_.shape,
                                          DataPosition{global.epoch, 0, global.fingerprint});
  const uint64_t mine = (global.batch + n - 1) / n;
  stream_->seek(std::min<uint64_t>(mine, stream_->plan().batches.size()));
}

DataPosition Trainer::global_position() const {
  DataPosition p = stream_->position();
  p.batch *= options_.batch.size;
  return p;
}

void Trainer::restore(const SafetensorsFile& optimizer, const TrainerState& state) {
  Adam::State s = load_optimizer_state(params_, optimizer);
  s.step = state.update;
  adam_->set_state(s);
  for (size_t i = 0; i < average_.size(); ++i) {
    const std::string name = kAverageRecordPrefix + params_[i].first;
    if (optimizer.find(name)) load_tensor(average_[i], optimizer, name);
    else average_[i] = vars_[i].value().clone();  // smoothing switched on at this resume
  }
  state_ = state;
  open_stream(state_.data);
  saved_update_ = validated_update_ = state_.update;
}

float Trainer::learning_rate(int64_t u) const {
  LrSchedule schedule = options_.lr;
  schedule.end = options_.after_updates;
  return schedule.at(u);
}

Trainer::UpdateTotals Trainer::gradients_ready(size_t tokens, double loss, size_t words) {
  UpdateTotals t{double(tokens), loss, double(words), stop_requested()};
  if (comm_->size() > 1) {
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    comm_->barrier();  // time spent here is load imbalance, not communication
    const auto ready = clock::now();
    // The small sums first: totals, stop requests, and which parameters got a gradient (a
    // parameter no rank touched is left alone by Adam, as in one process).
    std::vector<double> scalars{t.tokens, t.loss, t.words, t.stop ? 1.0 : 0.0};
    for (const Var& v : vars_) scalars.push_back(v.grad().defined() ? 1.0 : 0.0);
    comm_->allreduce_sum(scalars.data(), scalars.size());
    t = {scalars[0], scalars[1], scalars[2], scalars[3] > 0};
    std::vector<Tensor> grads;
    for (size_t i = 0; i < vars_.size(); ++i) {
      if (scalars[4 + i] == 0) continue;
      if (!vars_[i].grad().defined()) vars_[i].add_grad(Tensor::zeros(vars_[i].value().shape()));
      grads.push_back(vars_[i].grad());
    }
    allreduce_->run(grads);
    wait_seconds_ += std::chrono::duration<double>(ready - start).count();
    reduce_seconds_ += std::chrono::duration<double>(clock::now() - ready).count();
  }
  if (t.tokens == 0) return t;
  const float scale = 1.f / static_cast<float>(t.tokens);
  for (const Var& v : vars_) {
    const Tensor& g = v.grad();
    if (!g.defined()) continue;
    float* p = g.data<float>();
    for (int64_t i = 0, n = g.numel(); i < n; ++i) p[i] *= scale;
  }
  return t;
}

void Trainer::check_replicas() {
  if (comm_->size() == 1) return;
  const uint64_t mine = parameter_checksum(vars_);
  uint64_t root = mine;
  comm_->broadcast(&root, sizeof root, 0);
  double differ = root != mine ? 1 : 0;
  comm_->allreduce_sum(&differ, 1);
  if (differ > 0)
    throw std::runtime_error("data-parallel ranks drifted apart: after update " + std::to_string(state_.update) +
                             " the parameters of " + std::to_string(static_cast<int>(differ)) + " of " +
                             std::to_string(comm_->size()) + " ranks differ from rank 0's (checksum " +
                             std::to_string(mine) + " on rank " + std::to_string(comm_->rank()) +
                             ", " + std::to_string(root) + " on rank 0)");
}

bool Trainer::epochs_done() const {
  if (options_.after_epochs == 0) return false;
  const uint64_t done = stream_->position().epoch + (stream_->at_epoch_end() ? 1 : 0);
  return done >= options_.after_epochs;
}

StopReason Trainer::train() {
  using clock = std::chrono::steady_clock;
  model_.set_training(true);
  double loss_sum = 0;
  size_t loss_tokens = 0, words = 0;
  auto window_start = clock::now();
  StopReason reason = StopReason::finished;
  double comm_mark = 0, wait_mark = 0;
  const bool root = comm_->is_root();
  const int64_t ranks = comm_->size();
  check_replicas();  // the same initial (or resumed) weights everywhere
  bool stop_agreed = false;
  int64_t total = options_.after_updates;
  if (total == 0 && options_.after_epochs > 0)
    total = static_cast<int64_t>(options_.after_epochs * stream_->plan().batches.size());

  while (true) {
    if (options_.after_updates > 0 && state_.update >= options_.after_updates) break;
    if (epochs_done()) break;
    // A stop signal to any rank stops all after the same update (agreed in gradients_ready).
    if (ranks == 1 ? stop_requested() : stop_agreed) {
      reason = StopReason::signal;
      break;
    }
    const Batch batch = stream_->next();
    const int64_t u = state_.update + 1;
    // Dropout: one seed per batch of the single-process stream (rank 0 of 1 gets update_seed(seed, u)).
    LossResult r = model_.loss(batch, options_.loss,
                               update_seed(state_.seed, (u - 1) * ranks + comm_->rank() + 1));
    const double batch_loss = r.sum.value().item();
    r.sum.backward();
    const UpdateTotals totals = gradients_ready(r.tokens, batch_loss, batch.target_tokens);
    stop_agreed = totals.stop;
    if (options_.clip_norm > 0) clip_grad_norm(vars_, options_.clip_norm);
    const float lr = learning_rate(u);
    adam_->step(lr);
    update_average(u);
    state_.update = u;
    state_.data = global_position();
    loss_sum += totals.loss;
    loss_tokens += static_cast<size_t>(totals.tokens);
    words += static_cast<size_t>(totals.words);
    if (options_.check_freq > 0 && u % options_.check_freq == 0) check_replicas();

    const double secs = std::chrono::duration<double>(clock::now() - window_start).count();
    ProgressStatus st;
    st.epoch = state_.data.epoch + 1;
    st.update = u;
    st.total_updates = total;
    st.words_per_second = secs > 0 ? words / secs : 0;
    st.loss = loss_tokens ? loss_sum / loss_tokens : 0;
    st.lr = lr;
    progress_.update(st);
    if (options_.disp_freq > 0 && u % options_.disp_freq == 0) {
      std::ostringstream line;
      line << "Ep. " << st.epoch << " : Up. " << u << " : Cost " << fmt("%.5f", st.loss) << " : "
           << fmt("%.0f", st.words_per_second) << " words/s : L.r. " << fmt("%.4e", lr);
      if (ranks > 1) {
        const double reduce = reduce_seconds_ - comm_mark, wait = wait_seconds_ - wait_mark;
        line << " : all-reduce " << fmt("%.1f", 1e3 * reduce / options_.disp_freq) << " ms/up ("
             << fmt("%.1f", secs > 0 ? 100 * reduce / secs : 0) << "%), wait " << fmt("%.1f", 1e3 * wait / options_.disp_freq)
             << " ms/up";
        comm_mark = reduce_seconds_;
        wait_mark = wait_seconds_;
      }
      progress_.log(line.str());
      loss_sum = 0;
      loss_tokens = words = 0;
      window_start = clock::now();
    }
    if (stream_->at_epoch_end())
      progress_.log("Seen " + std::to_string(corpus_.size()) + " sentence pairs: epoch " +
                    std::to_string(st.epoch) + " finished");
    if (validator_ && options_.valid_freq > 0 && u % options_.valid_freq == 0) {
      if (root) validate();  // the others wait at the next all-reduce
      model_.set_training(true);
      bool early = options_.early_stopping > 0 && state_.stalled >= options_.early_stopping;
      comm_->broadcast(&early, sizeof early, 0);
      if (early) {
        progress_.log("Early stopping: no improvement in " + std::to_string(state_.stalled) + " validations");
        reason = StopReason::early_stopping;
        break;
      }
    }
    if (options_.save_freq > 0 && u % options_.save_freq == 0) save();
  }
  // The weights a run ends with are validated, also when a signal (a time budget) stops it:
  // otherwise its last updates never reach --keep-best's model. After a signal the checkpoint
  // comes first, so that a second signal (which kills) during validation loses no update.
  if (!root) {
  } else if (validator_ && validated_update_ != state_.update) {
    if (reason == StopReason::signal && saved_update_ != state_.update) save();
    validate();
    save();  // the checkpoint records this validation
  } else if (saved_update_ != state_.update) {
    save();
  }
  if (reason == StopReason::signal)
    progress_.log((stop_signal() ? "Stopped by signal " + std::to_string(stop_signal())
                                 : std::string("Stopped by a signal to another rank")) +
                  " after update " + std::to_string(state_.update) + "; re-run the same command to resume");
  else
    progress_.log("Training finished after " + std::to_string(state_.update) + " updates");
  return reason;
}

void Trainer::update_average(int64_t u) {
  if (average_.empty()) return;
  const double beta = std::min(1.0 - options_.exponential_smoothing, (1.0 + u) / (10.0 + u));
  const float b = static_cast<float>(beta), a = static_cast<float>(1.0 - beta);
  for (size_t i = 0; i < average_.size(); ++i) {
    float* avg = average_[i].data<float>();
    const float* w = vars_[i].value().data<float>();
    const int64_t n = average_[i].numel();
#pragma omp parallel for schedule(static) if (n > 65536)
    for (int64_t j = 0; j < n; ++j) avg[j] = b * avg[j] + a * w[j];
  }
}

void Trainer::swap_average() {
  for (size_t i = 0; i < average_.size(); ++i) std::swap(vars_[i].mutable_value(), average_[i]);
}

void Trainer::validate() {
  validated_update_ = state_.update;
  swap_average();  // validation (and --keep-best's save) sees the smoothed weights
  const std::vector<double> values = validator_->run(model_);
  swap_average();
  state_.last_valid = values;
  const auto& metrics = validator_->metrics();
  const bool higher = higher_is_better(metrics[0]);
  const double v = values[0];
  const bool improved = !state_.has_best || (higher ? v > state_.best : v < state_.best);
  if (improved) {
    state_.has_best = true;
    state_.best = v;
    state_.stalled = 0;
    if (options_.keep_best) save_model_files();
  } else {
    ++state_.stalled;
  }
  for (size_t i = 0; i < metrics.size(); ++i) {
    std::string line = "Ep. " + std::to_string(state_.data.epoch + 1) + " : Up. " +
                       std::to_string(state_.update) + " : " + metrics[i] + " : " +
                       fmt(metrics[i] == "bleu" ? "%.2f" : "%.5f", values[i]);
    if (i == 0) line += improved ? " : new best" : " : stalled " + std::to_string(state_.stalled) + " times";
    progress_.log(line);
  }
}

void Trainer::save_model_files() {
  swap_average();
  save_model_dir(options_.model_dir, options_.config, param_records(params_));
  swap_average();
}

void Trainer::save() {
  saved_update_ = state_.update;
  if (!comm_->is_root()) return;  // rank 0 alone writes
  Adam::State s = adam_->state();
  std::vector<TensorRecord> optimizer = optimizer_records(params_, s);
  for (size_t i = 0; i < average_.size(); ++i)
    optimizer.push_back(tensor_record(kAverageRecordPrefix + params_[i].first, average_[i]));
  save_checkpoint(checkpoint_dir(options_.model_dir + "/checkpoints", state_.update), options_.config,
                  param_records(params_), optimizer, state_.to_json());
  // Without keep_best the model to translate with is the latest; with it, validation
  // writes the best one (and a run without any validation yet still gets a model).
  if (!options_.keep_best || !fs::exists(fs::path(options_.model_dir) / kWeightsFileName))
    save_model_files();
  prune_checkpoints();
  progress_.log("Saved checkpoint at update " + std::to_string(state_.update));
}

void Trainer::prune_checkpoints() {
  const fs::path parent = fs::path(options_.model_dir) / "checkpoints";
  std::vector<std::pair<int64_t, fs::path>> steps;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(parent, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("step-", 0) != 0) continue;
    char* end = nullptr;
    const long long n = std::strtoll(name.c_str() + 5, &end, 10);
    if (*end == '\0') steps.emplace_back(n, e.path());
  }
  std::sort(steps.begin(), steps.end());
  const size_t keep = std::max<size_t>(1, options_.keep_checkpoints);
  for (size_t i = 0; i + keep < steps.size(); ++i) fs::remove_all(steps[i].second, ec);
}

}  // namespace tolmach
