#include "search/ensemble.h"

#include <stdexcept>
#include <string>

namespace tolmach {

EnsembleStepModel::EnsembleStepModel(std::vector<std::unique_ptr<StepModel>> members, std::vector<float> weights)
    : members_(std::move(members)), weights_(std::move(weights)) {
  if (members_.empty()) throw std::invalid_argument("an ensemble needs at least one model");
  if (weights_.size() != members_.size())
    throw std::invalid_argument(std::to_string(weights_.size()) + " weights for " + std::to_string(members_.size()) +
                                " models");
  for (const auto& m : members_)
    if (m->vocab_size() != vocab_size())
      throw std::invalid_argument("ensemble members have target vocabularies of " + std::to_string(vocab_size()) +
                                  " and " + std::to_string(m->vocab_size()) + " tokens");
}

void EnsembleStepModel::start(const SourceBatch& source) {
  for (auto& m : members_) m->start(source);
}

void EnsembleStepModel::step(const StepInput& in, StepOutput& out, bool want_attention) {
  members_[0]->step(in, out, want_attention);
  for (float& lp : out.logprobs) lp *= weights_[0];
  for (size_t i = 1; i < members_.size(); ++i) {
    members_[i]->step(in, member_out_, false);
    const float w = weights_[i];
    for (size_t k = 0; k < out.logprobs.size(); ++k) out.logprobs[k] += w * member_out_.logprobs[k];
  }
}

}  // namespace tolmach
