#include "metrics/tokenize.h"

#include <unicode/uchar.h>

#include "base/error.h"
#include "metrics/text.h"

namespace tolmach::metrics {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// 13a's first class: [\{-\~\[-\` -\&\(-\+\:-\@\/]
bool is_13a_punct(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return (u >= 0x7B && u <= 0x7E) || (u >= 0x5B && u <= 0x60) || (u >= 0x20 && u <= 0x26) ||
         (u >= 0x28 && u <= 0x2B) || (u >= 0x3A && u <= 0x40) || u == 0x2F;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  std::string out;
  size_t pos = 0;
  for (size_t hit; (hit = s.find(from, pos)) != std::string::npos; pos = hit + from.size()) {
    out.append(s, pos, hit - pos);
    out.append(to);
  }
  if (pos == 0) return;
  out.append(s, pos, std::string::npos);
  s.swap(out);
}

// The language-dependent regex passes shared by 13a, zh and tercom. Byte-wise scanning is
// exact here: every pattern character is ASCII and [^0-9] accepts any non-ASCII byte just as
// it accepts the whole non-ASCII character.
std::string regexp_passes(std::string_view in, bool tercom_possessive) {
  std::string a;
  a.reserve(in.size() * 2);
  for (char c : in) {  // ([\{-\~\[-\` -\&\(-\+\:-\@\/]) -> " \1 "
    if (is_13a_punct(c)) {
      a += ' ';
      a += c;
      a += ' ';
    } else {
      a += c;
    }
  }
  if (tercom_possessive) replace_all(a, "'s ", " 's ");
  std::string b;
  b.reserve(a.size() + 16);
  for (size_t i = 0; i < a.size();) {  // ([^0-9])([\.,]) -> "\1 \2 "
    if (i + 1 < a.size() && !is_digit(a[i]) && (a[i + 1] == '.' || a[i + 1] == ',')) {
      b += a[i];
      b += ' ';
      b += a[i + 1];
      b += ' ';
      i += 2;
    } else {
      b += a[i++];
    }
  }
  std::string c;
  c.reserve(b.size() + 16);
  for (size_t i = 0; i < b.size();) {  // ([\.,])([^0-9]) -> " \1 \2"
    if (i + 1 < b.size() && (b[i] == '.' || b[i] == ',') && !is_digit(b[i + 1])) {
      c += ' ';
      c += b[i];
      c += ' ';
      c += b[i + 1];
      i += 2;
    } else {
      c += b[i++];
    }
  }
  std::string d;
  d.reserve(c.size() + 16);
  for (size_t i = 0; i < c.size();) {  // ([0-9])(-) -> "\1 \2 "
    if (i + 1 < c.size() && is_digit(c[i]) && c[i + 1] == '-') {
      d += c[i];
      d += ' ';
      d += '-';
      d += ' ';
      i += 2;
    } else {
      d += c[i++];
    }
  }
  return d;
}

bool is_cat(char32_t c, uint32_t mask) { return (U_MASK(u_charType(c)) & mask) != 0; }
constexpr uint32_t kP = U_GC_P_MASK;
constexpr uint32_t kS = U_GC_S_MASK;
constexpr uint32_t kN = U_GC_N_MASK;

// sacreBLEU's zh ranges, compared as Python strings: two of its bounds are written as
// '\u20000' / '\u2f800' (a BMP character plus a digit), so those ranges really are
// U+2001..U+2A6D and U+2F81..U+2FA1. Reproduced on purpose.
bool is_zh_char(char32_t c) {
  static constexpr char32_t kRanges[][2] = {
      {0x3400, 0x4DB5}, {0x4E00, 0x9FA5}, {0x9FA6, 0x9FBB}, {0xF900, 0xFA2D}, {0xFA30, 0xFA6A},
      {0xFA70, 0xFAD9}, {0x2001, 0x2A6D}, {0x2F81, 0x2FA1}, {0xFF00, 0xFFEF}, {0x2E80, 0x2EFF},
      {0x3000, 0x303F}, {0x31C0, 0x31EF}, {0x2F00, 0x2FDF}, {0x2FF0, 0x2FFF}, {0x3100, 0x312F},
      {0x31A0, 0x31BF}, {0xFE10, 0xFE1F}, {0xFE30, 0xFE4F}, {0x2600, 0x26FF}, {0x2700, 0x27BF},
      {0x3200, 0x32FF}, {0x3300, 0x33FF}};
  for (const auto& r : kRanges)
    if (c >= r[0] && c <= r[1]) return true;
  return false;
}

bool is_asian_punct(char32_t c) {
  return c == 0x3001 || c == 0x3002 || (c >= 0x3008 && c <= 0x3011) ||
         (c >= 0x3014 && c <= 0x301F) || (c >= 0xFF61 && c <= 0xFF65) || c == 0x30FB;
}
bool is_full_width_punct(char32_t c) {
  switch (c) {
    case 0xFF0E: case 0xFF0C: case 0xFF1F: case 0xFF1A: case 0xFF1B:
    case 0xFF01: case 0xFF02: case 0xFF08: case 0xFF09:
      return true;
    default:
      return false;
  }
}
// Characters Tercom's asian normaliser surrounds with spaces (the union of its passes; the
// kana passes are anchored at ^ and can never match after the western padding).
bool is_tercom_asian_split(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x31C0 && c <= 0x31EF) || (c >= 0x2E80 && c <= 0x2EFF) ||
         (c >= 0x3300 && c <= 0x33FF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0x3200 && c <= 0x3F22) || is_asian_punct(c) ||
         is_full_width_punct(c);
}

}  // namespace

BleuTokenizer parse_bleu_tokenizer(std::string_view name) {
  if (name == "13a") return BleuTokenizer::k13a;
  if (name == "intl") return BleuTokenizer::kIntl;
  if (name == "char") return BleuTokenizer::kChar;
  if (name == "none") return BleuTokenizer::kNone;
  if (name == "zh") return BleuTokenizer::kZh;
  throw UsageError("unknown tokenizer '" + std::string(name) +
                   "' (choose 13a, intl, char, none or zh)");
}

const char* bleu_tokenizer_name(BleuTokenizer tok) {
  switch (tok) {
    case BleuTokenizer::k13a: return "13a";
    case BleuTokenizer::kIntl: return "intl";
    case BleuTokenizer::kChar: return "char";
    case BleuTokenizer::kNone: return "none";
    case BleuTokenizer::kZh: return "zh";
  }
  return "?";
}

std::string tokenize_13a(std::string_view line) {
  std::string s(line);
  replace_all(s, "<skipped>", "");
  replace_all(s, "-\n", "");
  replace_all(s, "\n", " ");
  replace_all(s, "&quot;", "\"");
  replace_all(s, "&amp;", "&");
  replace_all(s, "&lt;", "<");
  replace_all(s, "&gt;", ">");
  return squeeze_ws(regexp_passes(" " + s + " ", false));
}

std::string tokenize_zh(std::string_view line) {
  std::string s;
  const std::string_view t = strip_ws(line);
  s.reserve(t.size() * 2);
  for (size_t i = 0; i < t.size();) {
    const size_t start = i;
    const char32_t c = next_code_point(t, i);
    if (is_zh_char(c)) s += ' ';
    s.append(t.substr(start, i - start));
    if (is_zh_char(c)) s += ' ';
  }
  return squeeze_ws(regexp_passes(s, false));
}

std::string tokenize_intl(std::string_view line) {
  const std::u32string u = decode_utf8(line);
  std::u32string a, b, c;
  a.reserve(u.size() * 2);
  for (size_t i = 0; i < u.size();) {  // (\P{N})(\p{P}) -> "\1 \2 "
    if (i + 1 < u.size() && !is_cat(u[i], kN) && is_cat(u[i + 1], kP)) {
      a += u[i];
      a += U' ';
      a += u[i + 1];
      a += U' ';
      i += 2;
    } else {
      a += u[i++];
    }
  }
  b.reserve(a.size() * 2);
  for (size_t i = 0; i < a.size();) {  // (\p{P})(\P{N}) -> " \1 \2"
    if (i + 1 < a.size() && is_cat(a[i], kP) && !is_cat(a[i + 1], kN)) {
      b += U' ';
      b += a[i];
      b += U' ';
      b += a[i + 1];
      i += 2;
    } else {
      b += a[i++];
    }
  }
  c.reserve(b.size() * 2);
  for (char32_t ch : b) {  // (\p{S}) -> " \1 "
    if (is_cat(ch, kS)) {
      c += U' ';
      c += ch;
      c += U' ';
    } else {
      c += ch;
    }
  }
  std::string out;
  out.reserve(c.size() * 2);
  for (char32_t ch : c) append_utf8(out, ch);
  return squeeze_ws(out);
}

std::string tokenize_char(std::string_view line) {
  // " ".join(line) then split: every non-space character becomes a token.
  std::string out;
  out.reserve(line.size() * 2);
  for (size_t i = 0; i < line.size();) {
    const size_t start = i;
    const char32_t c = next_code_point(line, i);
    if (is_py_space(c)) continue;
    if (!out.empty()) out += ' ';
    out.append(line.substr(start, i - start));
  }
  return out;
}

std::string tokenize_bleu(std::string_view line, BleuTokenizer tok) {
  switch (tok) {
    case BleuTokenizer::k13a: return tokenize_13a(line);
    case BleuTokenizer::kIntl: return tokenize_intl(line);
    case BleuTokenizer::kChar: return tokenize_char(line);
    case BleuTokenizer::kZh: return tokenize_zh(line);
    case BleuTokenizer::kNone: return std::string(line);
  }
  return std::string(line);
}

std::string tokenize_tercom(std::string_view line, const TercomOptions& opt) {
  if (line.empty()) return "";
  std::string s = opt.case_sensitive ? std::string(line) : py_lower(line);
  if (opt.normalized) {
    replace_all(s, "\n-", "");
    replace_all(s, "\n", " ");
    replace_all(s, "&quot;", "\"");
    replace_all(s, "&amp;", "&");
    replace_all(s, "&lt;", "<");
    replace_all(s, "&gt;", ">");
    s = regexp_passes(" " + s + " ", true);
    if (opt.asian_support) {
      std::string t;
      t.reserve(s.size() * 2);
      for (size_t i = 0; i < s.size();) {
        const size_t start = i;
        const char32_t c = next_code_point(s, i);
        const bool split = is_tercom_asian_split(c);
        if (split) t += ' ';
        t.append(s, start, i - start);
        if (split) t += ' ';
      }
      s.swap(t);
    }
  }
  if (opt.no_punct) {
    std::string t;
    t.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
      const size_t start = i;
      const char32_t c = next_code_point(s, i);
      const bool punct = c == '.' || c == ',' || c == '?' || c == ':' || c == ';' || c == '!' ||
                         c == '"' || c == '(' || c == ')' ||
                         (opt.asian_support && (is_asian_punct(c) || is_full_width_punct(c)));
      if (!punct) t.append(s, start, i - start);
    }
    s.swap(t);
  }
  return squeeze_ws(s);
}

}  // namespace tolmach::metrics
