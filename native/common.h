// Small helpers shared by the addon's translation units: reading a
// Uint8Array's memory without copying, turning OpenSSL's error queue
// into a JavaScript exception, and handles (type-tagged externals) for
// native state objects. Header-only (binding.gyp lists the .cc
// files; this adds none). Keep it small and stable: other files include it.
#pragma once
#include <napi.h>
#include <openssl/err.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace tlslite {

/** A view of a Uint8Array's bytes (no copy; valid while the array is alive). */
struct ByteSpan {
  uint8_t* data;
  size_t length;
};

/** Drops an exception a failed N-API call may have left pending (so that ours can be thrown). */
inline void ClearPendingException(napi_env env) {
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) {
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);
  }
}

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
    ClearPendingException(env);  // napi_get_typedarray_info may leave one on failure
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
 * `what` followed by the reason of the most recent OpenSSL error, if any.
 * Clears OpenSSL's (thread-local) error queue so that a stale error
 * cannot be reported by a later call.
 */
inline std::string OpenSSLErrorText(const char* what) {
  std::string message(what);
  unsigned long code = ERR_peek_last_error();
  if (code != 0) {
    char reason[256];
    ERR_error_string_n(code, reason, sizeof reason);
    message += ": ";
    message += reason;
  }
  ERR_clear_error();
  return message;
}

/** A JS Error carrying OpenSSLErrorText(what). */
inline Napi::Error OpenSSLError(Napi::Env env, const char* what) {
  return Napi::Error::New(env, OpenSSLErrorText(what));
}

/** Throws OpenSSLError(env, what) (as a C++ exception that node-addon-api turns into a JS one). */
[[noreturn]] inline void ThrowOpenSSLError(Napi::Env env, const char* what) {
  throw OpenSSLError(env, what);
}

/**
 * The arguments of a raw `napi_callback`, read with one N-API call when
 * there are at most kInline of them (a missing one reads as undefined).
 * `data()` is the function's data pointer.
 */
class CallArgs {
 public:
  CallArgs(napi_env env, napi_callback_info info) {
    size_t argc = kInline;
    if (napi_get_cb_info(env, info, &argc, inline_, nullptr, &data_) != napi_ok) throw Napi::Error::New(env);
    argv_ = inline_;
    argc_ = argc;
    if (argc > kInline) {  // digest(out, ...parts) with many parts
      heap_.resize(argc);
      if (napi_get_cb_info(env, info, &argc, heap_.data(), nullptr, nullptr) != napi_ok) throw Napi::Error::New(env);
      argv_ = heap_.data();
    }
  }
  CallArgs(const CallArgs&) = delete;
  CallArgs& operator=(const CallArgs&) = delete;
  size_t size() const { return argc_; }
  napi_value operator[](size_t i) const { return argv_[i]; }
  void* data() const { return data_; }

 private:
  static constexpr size_t kInline = 8;
  napi_value inline_[kInline];
  std::vector<napi_value> heap_;
  napi_value* argv_;
  size_t argc_;
  void* data_ = nullptr;
};

/**
 * For raw `napi_callback` functions (used where node-addon-api's wrappers
 * would cost extra N-API calls on a hot path): runs `body`, turning a C++
 * Napi::Error into a pending JS exception.
 */
template <typename Body>
napi_value Guarded(napi_env env, Body&& body) {
  try {
    return body();
  } catch (const Napi::Error& e) {
    e.ThrowAsJavaScriptException();
  } catch (const std::bad_alloc&) {
    napi_throw_error(env, nullptr, "out of memory");
  }
  return nullptr;
}

/**
 * A handle: the JS value standing for one native state object (a hash
 * context, a bound key), which JavaScript passes back as the first
 * argument of the functions that operate on it. It is a napi_external
 * owning `state` (deleted when the external is collected), tagged with
 * `State::kTag`, a random 128-bit value per kind of state. (Handles used
 * to be a JS function per object, bound to its state; but
 * napi_create_function instantiates a new FunctionTemplate each time,
 * which cost most of a key's set-up.)
 */
template <typename State>
napi_value NewHandle(napi_env env, std::unique_ptr<State> state) {
  napi_finalize finalize = [](napi_env, void* data, void*) { delete static_cast<State*>(data); };
  napi_value handle;
  if (napi_create_external(env, state.get(), finalize, nullptr, &handle) != napi_ok) throw Napi::Error::New(env);
  state.release();  // owned by the external's finalizer from here on
  if (napi_type_tag_object(env, handle, &State::kTag) != napi_ok) throw Napi::Error::New(env);
  return handle;
}

/**
 * The state behind a handle made by NewHandle<State>. Anything else (a
 * handle of another kind, another addon's external, any other value)
 * throws a TypeError "handle must be <State::kWhat>": the tag is checked
 * before the external's pointer is read, and no JavaScript code can tag
 * a value. The check (a private-property read inside N-API) costs
 * about 180 instructions a call, napi_get_value_external 50 more.
 */
template <typename State>
State& HandleState(napi_env env, napi_value value) {
  bool tagged = false;
  void* data = nullptr;
  // No napi_typeof first: it would add half as much again, and only our
  // externals carry a tag (for undefined or null the check fails, with an
  // exception pending that is dropped below).
  if (napi_check_object_type_tag(env, value, &State::kTag, &tagged) != napi_ok || !tagged ||
      napi_get_value_external(env, value, &data) != napi_ok || data == nullptr) {
    ClearPendingException(env);
    throw Napi::TypeError::New(env, std::string("handle must be ") + State::kWhat);
  }
  return *static_cast<State*>(data);
}

}  // namespace tlslite
