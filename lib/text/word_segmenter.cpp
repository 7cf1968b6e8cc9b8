#include "text/word_segmenter.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <stdexcept>

namespace tolmach {
namespace {

// A segment is dropped when it is only white space (ICU returns spaces as segments too).
bool all_space(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), s.size()));
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    if (!u_isUWhiteSpace(c)) return false;
    i += U16_LENGTH(c);
  }
  return true;
}

}  // namespace

WordSegmenter::WordSegmenter(const std::string& locale) {
  UErrorCode status = U_ZERO_ERROR;
  iter_.reset(icu::BreakIterator::createWordInstance(icu::Locale(locale.c_str()), status));
  if (U_FAILURE(status) || !iter_)
    throw std::runtime_error(std::string("ICU word break iterator: ") + u_errorName(status));
}

WordSegmenter::WordSegmenter(const WordSegmenter& other) : iter_(other.iter_->clone()) {}

WordSegmenter::~WordSegmenter() = default;

std::vector<std::string> WordSegmenter::split(std::string_view text) {
  std::vector<std::string> words;
  UErrorCode status = U_ZERO_ERROR;
  // UText over the UTF-8 bytes: boundaries come back as byte offsets, no conversion.
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  iter_->setText(ut, status);
  if (U_FAILURE(status)) {
    utext_close(ut);
    throw std::runtime_error(std::string("ICU word break: ") + u_errorName(status));
  }
  int32_t start = iter_->first();
  for (int32_t end = iter_->next(); end != icu::BreakIterator::DONE; start = end, end = iter_->next()) {
    const std::string_view seg = text.substr(start, end - start);
    if (!all_space(seg)) words.emplace_back(seg);
  }
  utext_close(ut);
  return words;
}

}  // namespace tolmach
