#pragma once
// JSON files (config.json, trainer_state.json) read with errors that name file and line.
#include <nlohmann/json.hpp>
#include <string>

namespace tolmach {

// Parse `text`; a syntax error becomes InputError(name, line, "invalid JSON: ...").
nlohmann::json parse_json(const std::string& text, const std::string& name);

// Read and parse a whole file; InputError when it is missing, unreadable or not JSON.
nlohmann::json read_json_file(const std::string& path);

// Pretty-print (2-space indent, trailing newline) and replace `path` atomically.
void write_json_file(const std::string& path, const nlohmann::json& value);

}  // namespace tolmach
