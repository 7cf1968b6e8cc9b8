// ICU normalisation and word segmentation against the Unicode standard's own examples.
#include <gtest/gtest.h>

#include <fstream>

#include "base/error.h"
#include "text/normalize.h"
#include "text/word_segmenter.h"

using namespace tolmach;

namespace {
NormalizeOptions opts(NormForm form, bool lower = false, std::string locale = "") {
  NormalizeOptions o;
  o.form = form;
  o.lowercase = lower;
  o.locale = std::move(locale);
  return o;
}
}  // namespace

TEST(Normalize, NoneIsIdentity) {
  const TextNormalizer none;
  EXPECT_TRUE(none.options().identity());
  const std::string s = "Ｆｕｌｌ \xef\xac\x81 e\xcc\x81 Straße";
  EXPECT_EQ(none(s), s);
}

TEST(Normalize, NfkcFoldsCompatibilityForms) {
  const TextNormalizer nfkc(opts(NormForm::nfkc));
  EXPECT_EQ(nfkc("\xef\xac\x81nd"), "find");          // U+FB01 ligature fi
  EXPECT_EQ(nfkc("ＡＢＣ１２３"), "ABC123");            // full-width forms
  EXPECT_EQ(nfkc("a\xc2\xa0" "b"), "a b");             // NO-BREAK SPACE -> space
  EXPECT_EQ(nfkc("e\xcc\x81"), "\xc3\xa9");            // e + combining acute -> é
  EXPECT_EQ(nfkc(""), "");
}

TEST(Normalize, NfcComposesButKeepsCompatibilityForms) {
  const TextNormalizer nfc(opts(NormForm::nfc));
  EXPECT_EQ(nfc("e\xcc\x81"), "\xc3\xa9");
  EXPECT_EQ(nfc("\xef\xac\x81"), "\xef\xac\x81");  // ligature survives NFC
  EXPECT_EQ(nfc("ＡＢＣ"), "ＡＢＣ");
}

TEST(Normalize, LowercaseFollowsLocale) {
  EXPECT_EQ(TextNormalizer(opts(NormForm::none, true))("ÄÖÜ Straße ΣΑΣ"), "äöü straße σας");
  // Turkish: dotless/dotted I differ from the root locale.
  EXPECT_EQ(TextNormalizer(opts(NormForm::none, true))("I"), "i");
  EXPECT_EQ(TextNormalizer(opts(NormForm::none, true, "tr"))("I"), "\xc4\xb1");
}

TEST(Normalize, IsIdempotentOnCorpusLines) {
  const TextNormalizer n(opts(NormForm::nfkc, true));
  std::ifstream in(std::string(TOLMACH_TEST_DATA) + "/text/train.de");
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    const std::string once = n(line);
    EXPECT_EQ(n(once), once);
    ++lines;
  }
  EXPECT_EQ(lines, 300);
}

TEST(Normalize, ParsesFormNames) {
  EXPECT_EQ(parse_norm_form("nfkc"), NormForm::nfkc);
  EXPECT_EQ(parse_norm_form("nfc"), NormForm::nfc);
  EXPECT_EQ(parse_norm_form("none"), NormForm::none);
  EXPECT_THROW(parse_norm_form("nfd"), UsageError);
}

TEST(WordSegmenter, SplitsWordsAndPunctuation) {
  WordSegmenter seg;
  using V = std::vector<std::string>;
  EXPECT_EQ(seg.split("Hello, world! It's 3.5 o'clock."),
            (V{"Hello", ",", "world", "!", "It's", "3.5", "o'clock", "."}));
  EXPECT_EQ(seg.split("  Ein  Mann,\tder läuft.  "), (V{"Ein", "Mann", ",", "der", "läuft", "."}));
  EXPECT_EQ(seg.split(""), V{});
  EXPECT_EQ(seg.split("   "), V{});
}

TEST(WordSegmenter, CopiesAreIndependent) {
  WordSegmenter a;
  WordSegmenter b(a);
  const auto first = a.split("one two");
  EXPECT_EQ(b.split("three, four"), (std::vector<std::string>{"three", ",", "four"}));
  EXPECT_EQ(first, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(a.split("five"), std::vector<std::string>{"five"});
}
