#include "align/heatmap_dir.h"

#include <filesystem>
#include <stdexcept>

#include "align/gold.h"
#include "align/heatmap.h"
#include "io/atomic_file.h"
#include "base/error.h"

namespace tolmach {

HeatmapDir::HeatmapDir(std::string dir, const std::string& gold_path, bool one_based)
    : dir_(std::move(dir)), one_based_(one_based) {
  std::filesystem::create_directories(dir_);
  if (gold_path.empty()) return;
  gold_in_ = std::make_unique<ToolInput>(gold_path);
  gold_ = std::make_unique<LineReader>(gold_in_->stream(), gold_in_->name());
}

void HeatmapDir::write(size_t line, const PairAlignment& a) {
  GoldLinks gold;
  std::string text;
  if (gold_ && !gold_->next(text)) throw InputError(gold_->name(), gold_->line_number(), "has fewer lines than the input");
  try {
    if (gold_) gold = parse_gold(text, one_based_);
    write_file_atomic(dir_ + "/" + heatmap_file_name(line),
                      attention_heatmap_svg(a.source_words, a.target_words, a.weights, a.links, gold.sure,
                                            gold.possible, "pair " + std::to_string(line)));
  } catch (const std::invalid_argument& e) {  // a bad gold link, or one beyond the sentence
    if (!gold_) throw InternalError(__FILE__, __LINE__, std::string("heat map: ") + e.what());  // the aligner's own words
    throw InputError(gold_->name(), gold_->line_number(), e.what());
  }
}

}  // namespace tolmach
