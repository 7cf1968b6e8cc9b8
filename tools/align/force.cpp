// PLACEHOLDER while tolmach-align is built on branches; replaced before it lands.
#include "align/commands.h"
#include "io/error.h"

namespace tolmach::align_tool {
int force(int, char**) { throw UsageError("not built yet"); }
}  // namespace tolmach::align_tool
