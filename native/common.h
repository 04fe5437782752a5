// Small helpers shared by the addon's translation units: reading a
// Uint8Array's memory without copying, and turning OpenSSL's error queue
// into a JavaScript exception. Header-only (binding.gyp lists the .cc
// files; this adds none). Keep it small and stable: other files include it.
#pragma once
#include <napi.h>
#include <openssl/err.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace tlslite {

/** A view of a Uint8Array's bytes (no copy; valid while the array is alive). */
struct ByteSpan {
  uint8_t* data;
  size_t length;
};

/**
 * The bytes of `value`, which must be a Uint8Array (a Buffer is one);
 * otherwise throws a JS TypeError naming `name`. One N-API call.
 * An empty array yields a non-null pointer: several OpenSSL calls treat a
 * NULL buffer as "no data / AAD only", which must never happen by accident.
 */
inline ByteSpan GetBytes(napi_env env, napi_value value, const char* name) {
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  napi_status status = napi_get_typedarray_info(env, value, &type, &length, &data, nullptr, nullptr);
  if (status != napi_ok || type != napi_uint8_array) {
    // napi_get_typedarray_info may leave a pending exception on failure.
    bool pending = false;
    if (napi_is_exception_pending(env, &pending) == napi_ok && pending) {
      napi_value ignored;
      napi_get_and_clear_last_exception(env, &ignored);
    }
    throw Napi::TypeError::New(env, std::string(name) + " must be a Uint8Array");
  }
  static uint8_t empty[1];
  if (data == nullptr) return ByteSpan{empty, 0};
  return ByteSpan{static_cast<uint8_t*>(data), length};
}

/** GetBytes for argument `index` of a call (a missing argument is undefined, so a TypeError). */
inline ByteSpan GetBytes(const Napi::CallbackInfo& info, size_t index, const char* name) {
  return GetBytes(info.Env(), info[index], name);
}

/**
 * A JS Error whose message is `what` followed by the reason of the most
 * recent OpenSSL error, if any. Clears OpenSSL's (thread-local) error
 * queue so that a stale error cannot be reported by a later call.
 */
inline Napi::Error OpenSSLError(Napi::Env env, const char* what) {
  std::string message(what);
  unsigned long code = ERR_peek_last_error();
  if (code != 0) {
    char reason[256];
    ERR_error_string_n(code, reason, sizeof reason);
    message += ": ";
    message += reason;
  }
  ERR_clear_error();
  return Napi::Error::New(env, message);
}

/** Throws OpenSSLError(env, what) (as a C++ exception that node-addon-api turns into a JS one). */
[[noreturn]] inline void ThrowOpenSSLError(Napi::Env env, const char* what) {
  throw OpenSSLError(env, what);
}

}  // namespace tlslite
