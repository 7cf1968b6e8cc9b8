#pragma once
// Programming-error checks for the tensor library (shape mismatches, wrong dtypes). They
// throw std::logic_error with a message naming the op, so a bug fails loudly in tests.
#include <stdexcept>
#include <string>

#define TOLMACH_CHECK(cond, msg)                                                      \
  do {                                                                                \
    if (!(cond)) throw std::logic_error(std::string("tolmach: ") + (msg));           \
  } while (0)
