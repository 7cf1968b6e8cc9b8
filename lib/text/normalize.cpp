#include "text/normalize.h"

#include <unicode/bytestream.h>
#include <unicode/casemap.h>
#include <unicode/normalizer2.h>

#include <stdexcept>

#include "base/error.h"

namespace tolmach {

NormForm parse_norm_form(const std::string& name) {
  if (name == "none") return NormForm::none;
  if (name == "nfc") return NormForm::nfc;
  if (name == "nfkc") return NormForm::nfkc;
  throw UsageError("--normalize must be nfkc, nfc or none, not '" + name + "'");
}

const char* norm_form_name(NormForm form) {
  switch (form) {
    case NormForm::nfc: return "nfc";
    case NormForm::nfkc: return "nfkc";
    default: return "none";
  }
}

TextNormalizer::TextNormalizer(NormalizeOptions options) : options_(std::move(options)) {
  UErrorCode status = U_ZERO_ERROR;
  if (options_.form == NormForm::nfc) normalizer_ = icu::Normalizer2::getNFCInstance(status);
  if (options_.form == NormForm::nfkc) normalizer_ = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status))
    throw std::runtime_error(std::string("ICU normaliser unavailable: ") + u_errorName(status));
}

std::string TextNormalizer::operator()(std::string_view text) const {
  std::string out(text);
  UErrorCode status = U_ZERO_ERROR;
  if (normalizer_) {
    auto* norm = static_cast<const icu::Normalizer2*>(normalizer_);
    const icu::StringPiece piece(out.data(), static_cast<int32_t>(out.size()));
    // Most text is already normalised: the quick check avoids a copy.
    if (!norm->isNormalizedUTF8(piece, status)) {
      std::string normalised;
      icu::StringByteSink<std::string> sink(&normalised, static_cast<int32_t>(out.size()));
      status = U_ZERO_ERROR;
      norm->normalizeUTF8(0, piece, sink, nullptr, status);
      out.swap(normalised);
    }
  }
  if (U_SUCCESS(status) && options_.lowercase) {
    std::string lowered;
    icu::StringByteSink<std::string> sink(&lowered, static_cast<int32_t>(out.size()));
    icu::CaseMap::utf8ToLower(options_.locale.c_str(), 0,
                              icu::StringPiece(out.data(), static_cast<int32_t>(out.size())),
                              sink, nullptr, status);
    out.swap(lowered);
  }
  if (U_FAILURE(status))
    throw std::runtime_error(std::string("ICU normalisation failed: ") + u_errorName(status));
  return out;
}

}  // namespace tolmach
