#pragma once
// sacreBLEU's tokenizers, reproduced exactly (regex passes become left-to-right scans with
// the same non-overlapping match semantics as Python's re.sub).
#include <string>
#include <string_view>

namespace tolmach::metrics {

enum class BleuTokenizer { k13a, kIntl, kChar, kNone, kZh };

// Parses "13a", "intl", "char", "none", "zh"; throws UsageError otherwise.
BleuTokenizer parse_bleu_tokenizer(std::string_view name);
const char* bleu_tokenizer_name(BleuTokenizer tok);

// Tokenizes one (already right-stripped) segment; tokens are separated by single spaces.
std::string tokenize_bleu(std::string_view line, BleuTokenizer tok);

std::string tokenize_13a(std::string_view line);   // mteval-v13a
std::string tokenize_intl(std::string_view line);  // mteval-v14 international (Unicode P/S/N)
std::string tokenize_zh(std::string_view line);    // CJK characters split, then 13a rules
std::string tokenize_char(std::string_view line);  // every character a token

// Tercom's normaliser as in sacreBLEU's TercomTokenizer.
struct TercomOptions {
  bool normalized = false;
  bool no_punct = false;
  bool asian_support = false;
  bool case_sensitive = false;
};
std::string tokenize_tercom(std::string_view line, const TercomOptions& opt);

}  // namespace tolmach::metrics
