// Placeholder: filled in by the native provider work.
#include "addon.h"

namespace tlslite {

void InitRandom(Napi::Env, Napi::Object) {}

}  // namespace tlslite
