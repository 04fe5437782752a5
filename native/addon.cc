// The module entry point: gathers every primitive family's exports.
// The addon links no libcrypto of its own; OpenSSL's symbols resolve
// from the running node binary (see binding.gyp and DESIGN.md).
#include <openssl/opensslv.h>

#include "addon.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("opensslVersion", Napi::String::New(env, OPENSSL_VERSION_TEXT));
  tlslite::InitHash(env, exports);
  tlslite::InitCipher(env, exports);
  tlslite::InitRandom(env, exports);
  tlslite::InitRsa(env, exports);
  tlslite::InitPkey(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(tlslite_native, Init)
