#pragma once
// Reads hypothesis / reference files the way sacreBLEU's command line does: UTF-8 (invalid
// bytes are an error naming file and line), split at '\n' only, each line right-stripped of
// Python whitespace. A U+FEFF byte-order mark is kept as text, as sacreBLEU (utf-8, not
// utf-8-sig) keeps it.
#include <istream>
#include <string>
#include <vector>

namespace tolmach::metrics {

std::vector<std::string> read_segments(const std::string& path);
std::vector<std::string> read_segments(std::istream& in, const std::string& name);
// Splits raw text into right-stripped lines; throws InputError(name, line) on bad UTF-8.
std::vector<std::string> split_segments(const std::string& text, const std::string& name);

// Splits every line at tabs into `columns` streams (0: as many as the first line has), like
// sacreBLEU's -nr (references) and its tab-separated systems on stdin. With `last_takes_rest`
// the last column keeps any further tabs (Python's split(maxsplit)); otherwise a line with a
// different number of fields is an error. Fields are right-stripped when `rstrip` is set.
std::vector<std::vector<std::string>> split_columns(const std::vector<std::string>& lines,
                                                    const std::string& name, size_t columns,
                                                    bool last_takes_rest, bool rstrip);

}  // namespace tolmach::metrics
