#pragma once
// Programming-error checks (shape mismatches, wrong dtypes, broken invariants). A failure is
// a bug, not bad input: it throws InternalError naming this source line, the message and the
// condition, which tools report as "internal error" with exit code 3.
#include <string>

#include "base/error.h"

#define TOLMACH_CHECK(cond, msg)                                                                       \
  do {                                                                                                 \
    if (!(cond)) throw ::tolmach::InternalError(__FILE__, __LINE__, std::string(msg) + " [" #cond "]"); \
  } while (0)
