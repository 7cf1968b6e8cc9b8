#pragma once
// ICU text normalisation applied before SentencePiece (and to its output at decode time).
//
// Order, for every line: UTF-8 check -> Unicode form (NFC / NFKC / none) -> lower-casing
// -> SentencePiece, whose model then applies its own rule (`nmt_nfkc` by default) as
// always. The ICU step runs outside the model and never alters the model's rule: with
// --normalize none and no --lowercase the tokenizer is byte-for-byte spm_encode.
#include <string>
#include <string_view>

namespace tolmach {

enum class NormForm { none, nfc, nfkc };

// "none" | "nfc" | "nfkc"; throws UsageError otherwise.
NormForm parse_norm_form(const std::string& name);
const char* norm_form_name(NormForm form);

struct NormalizeOptions {
  NormForm form = NormForm::none;
  bool lowercase = false;
  std::string locale;  // ICU locale for case mapping ("" = root; "tr" changes dotted I)

  bool identity() const { return form == NormForm::none && !lowercase; }
};

// Stateless and thread-safe (the ICU singletons it holds are immutable).
// Input must be valid UTF-8 (callers check it first, so errors can name the line).
class TextNormalizer {
 public:
  explicit TextNormalizer(NormalizeOptions options = {});
  const NormalizeOptions& options() const { return options_; }
  std::string operator()(std::string_view text) const;

 private:
  NormalizeOptions options_;
  const void* normalizer_ = nullptr;  // icu::Normalizer2*, owned by ICU
};

}  // namespace tolmach
