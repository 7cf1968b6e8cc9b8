#pragma once
// Several models searched as one (Marian's --models with --weights): the score of the next
// token is the weighted sum of the members' log-probabilities; alignments come from the
// first member. All members must share the target vocabulary.
#include <memory>
#include <vector>

#include "search/step_model.h"

namespace tolmach {

class EnsembleStepModel : public StepModel {
 public:
  EnsembleStepModel(std::vector<std::unique_ptr<StepModel>> members, std::vector<float> weights);
  int vocab_size() const override { return members_.front()->vocab_size(); }
  void start(const SourceBatch& source) override;
  void step(const StepInput& in, StepOutput& out, bool want_attention) override;

 private:
  std::vector<std::unique_ptr<StepModel>> members_;
  std::vector<float> weights_;
  StepOutput member_out_;
};

}  // namespace tolmach
