// Randomness: RAND_bytes from Node's own OpenSSL (its default DRBG,
// seeded from the operating system), written into a buffer allocated on
// the JavaScript side.
//
// Export: randomFill(out) fills `out` and returns undefined.
#include <openssl/rand.h>

#include <climits>

#include "addon.h"
#include "common.h"

namespace tlslite {
namespace {

napi_value RandomFill(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    CallArgs args(env, info);
    ByteSpan out = GetBytes(env, args[0], "out");
    // RAND_bytes takes an int length.
    for (size_t done = 0; done < out.length;) {
      size_t chunk = out.length - done;
      if (chunk > static_cast<size_t>(INT_MAX)) chunk = INT_MAX;
      if (RAND_bytes(out.data + done, static_cast<int>(chunk)) != 1) ThrowOpenSSLError(env, "RAND_bytes failed");
      done += chunk;
    }
    napi_value result;
    napi_get_undefined(env, &result);
    return result;
  });
}

}  // namespace

void InitRandom(Napi::Env env, Napi::Object exports) {
  napi_value fn;
  if (napi_create_function(env, "randomFill", NAPI_AUTO_LENGTH, RandomFill, nullptr, &fn) != napi_ok) {
    throw Napi::Error::New(env);
  }
  exports.Set("randomFill", fn);
}

}  // namespace tlslite
