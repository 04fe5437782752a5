// Helpers shared by rsa.cc and pkey.cc: owning handles for OpenSSL
// objects, OpenSSL-error-to-exception translation, argument readers and
// bigint <-> BIGNUM conversion.
//
// Kept in their own namespace (tlslite::pk) so that they never collide
// with the symmetric half's common.h, which may define similar names.
//
// Arguments are validated in TypeScript first (src/crypto/native/
// asymmetric.ts); the checks here exist so that garbage from a caller who
// bypasses the wrapper gives a TypeError instead of a crash.
#pragma once

#include <napi.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace tlslite {
namespace pk {

// ------------------------------------------------------------------ owning handles

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
// Private values (exponents, scalars) are cleared before their memory is released.
struct BnFree {
  void operator()(BIGNUM* p) const { BN_clear_free(p); }
};
struct BnCtxFree {
  void operator()(BN_CTX* p) const { BN_CTX_free(p); }
};
struct MontFree {
  void operator()(BN_MONT_CTX* p) const { BN_MONT_CTX_free(p); }
};
struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};

using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using Bn = std::unique_ptr<BIGNUM, BnFree>;
using BnCtx = std::unique_ptr<BN_CTX, BnCtxFree>;
using Mont = std::unique_ptr<BN_MONT_CTX, MontFree>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree>;
using Params = std::unique_ptr<OSSL_PARAM, ParamFree>;

// A key-generation context per thread and slot (a key type, a curve),
// made by `init` on first use and kept: creating one fetches the key
// manager by name, which cost a third of an X25519 generation in a
// handshake, and one context serves any number of EVP_PKEY_generate
// calls. Null when `init` fails (the caller reports OpenSSL's error).
template <size_t Slots, typename Init>
EVP_PKEY_CTX* KeygenContext(size_t slot, Init&& init) {
  struct Contexts {
    EVP_PKEY_CTX* ctx[Slots] = {};
    ~Contexts() {
      for (EVP_PKEY_CTX* c : ctx) EVP_PKEY_CTX_free(c);
    }
  };
  thread_local Contexts contexts;
  EVP_PKEY_CTX*& ctx = contexts.ctx[slot];
  if (ctx == nullptr) {
    PkeyCtx fresh = init();
    if (!fresh) return nullptr;
    ctx = fresh.release();
  }
  return ctx;
}

// A byte buffer that wipes itself: used for private key material and
// shared secrets that pass through C++.
class SecretBytes {
 public:
  explicit SecretBytes(size_t n = 0) : data_(n) {}
  ~SecretBytes() { OPENSSL_cleanse(data_.data(), data_.size()); }
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  unsigned char* data() { return data_.data(); }
  const unsigned char* data() const { return data_.data(); }
  size_t size() const { return data_.size(); }
  void resize(size_t n) {
    if (n < data_.size()) OPENSSL_cleanse(data_.data() + n, data_.size() - n);
    data_.resize(n);
  }

 private:
  std::vector<unsigned char> data_;
};

// ------------------------------------------------------------------ errors

// The reason text of the most recent OpenSSL error, then an empty queue.
// OpenSSL's error queue is per thread and Node's own crypto reads the same
// queue on the main thread, so every failure path must leave it empty.
inline std::string TakeOpensslError() {
  unsigned long code = ERR_peek_last_error();
  std::string text;
  if (code != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    text = buf;
  }
  ERR_clear_error();
  return text;
}

// Throws an Error saying which step failed and (if OpenSSL said) why.
// Messages name the operation, never a key or secret value.
[[noreturn]] inline void ThrowOpenssl(Napi::Env env, const char* what) {
  std::string reason = TakeOpensslError();
  std::string message = std::string(what) + " failed";
  if (!reason.empty()) message += " (" + reason + ")";
  throw Napi::Error::New(env, message);
}

[[noreturn]] inline void ThrowType(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, message);
}

[[noreturn]] inline void ThrowRange(Napi::Env env, const std::string& message) {
  throw Napi::RangeError::New(env, message);
}

// ------------------------------------------------------------------ arguments

// A view of a Uint8Array argument (any typed array of bytes, Buffer included).
struct ByteView {
  const unsigned char* data;
  size_t size;
};

inline ByteView BytesArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  Napi::Value v = info[index];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    ThrowType(info.Env(), std::string(name) + " must be a Uint8Array");
  }
  Napi::Uint8Array a = v.As<Napi::Uint8Array>();
  return ByteView{a.Data(), a.ByteLength()};
}

inline uint32_t UintArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  Napi::Value v = info[index];
  if (!v.IsNumber()) ThrowType(info.Env(), std::string(name) + " must be a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 0 && d <= 4294967295.0) || d != static_cast<double>(static_cast<uint32_t>(d))) {
    ThrowRange(info.Env(), std::string(name) + " must be a non-negative integer");
  }
  return static_cast<uint32_t>(d);
}

inline std::string StringArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  Napi::Value v = info[index];
  if (!v.IsString()) ThrowType(info.Env(), std::string(name) + " must be a string");
  return v.As<Napi::String>().Utf8Value();
}

// ------------------------------------------------------------------ bigint <-> BIGNUM

// A non-negative JS bigint argument as a BIGNUM. `secret` marks private
// values: they get BN_FLG_CONSTTIME so OpenSSL picks constant-time paths.
inline Bn BigIntArg(const Napi::CallbackInfo& info, size_t index, const char* name, bool secret = false) {
  Napi::Env env = info.Env();
  Napi::Value v = info[index];
  if (!v.IsBigInt()) ThrowType(env, std::string(name) + " must be a bigint");
  Napi::BigInt b = v.As<Napi::BigInt>();
  size_t count = b.WordCount();
  int sign = 0;
  std::vector<uint64_t> words(count == 0 ? 1 : count, 0);
  b.ToWords(&sign, &count, words.data());
  if (sign != 0) ThrowRange(env, std::string(name) + " must not be negative");
  // Words are least significant first; lay them out as little-endian bytes.
  SecretBytes le(count * 8);
  for (size_t i = 0; i < count; i++) {
    for (size_t j = 0; j < 8; j++) le.data()[i * 8 + j] = static_cast<unsigned char>(words[i] >> (8 * j));
  }
  OPENSSL_cleanse(words.data(), words.size() * sizeof(uint64_t));
  Bn bn(secret ? BN_secure_new() : BN_new());
  if (!bn || !BN_lebin2bn(le.data(), static_cast<int>(le.size()), bn.get())) ThrowOpenssl(env, "BN_lebin2bn");
  if (secret) BN_set_flags(bn.get(), BN_FLG_CONSTTIME);
  return bn;
}

inline Napi::BigInt BnToBigInt(Napi::Env env, const BIGNUM* bn) {
  int bytes = BN_num_bytes(bn);
  size_t count = (static_cast<size_t>(bytes) + 7) / 8;
  if (count == 0) return Napi::BigInt::New(env, static_cast<uint64_t>(0));
  SecretBytes le(count * 8);
  if (BN_bn2lebinpad(bn, le.data(), static_cast<int>(le.size())) < 0) ThrowOpenssl(env, "BN_bn2lebinpad");
  std::vector<uint64_t> words(count, 0);
  for (size_t i = 0; i < count; i++) {
    for (size_t j = 0; j < 8; j++) words[i] |= static_cast<uint64_t>(le.data()[i * 8 + j]) << (8 * j);
  }
  Napi::BigInt result = Napi::BigInt::New(env, 0, count, words.data());
  OPENSSL_cleanse(words.data(), words.size() * sizeof(uint64_t));
  return result;
}

// ------------------------------------------------------------------ results

// A fresh Uint8Array (not a Buffer, so results compare equal to the pure
// provider's under strict deep equality) holding a copy of `data`.
inline Napi::Uint8Array NewBytes(Napi::Env env, const unsigned char* data, size_t size) {
  Napi::ArrayBuffer ab = Napi::ArrayBuffer::New(env, size);
  if (size > 0) std::memcpy(ab.Data(), data, size);
  return Napi::Uint8Array::New(env, size, ab, 0);
}

// A fresh zero-filled Uint8Array to write a result into directly.
inline Napi::Uint8Array NewBytes(Napi::Env env, size_t size) {
  Napi::ArrayBuffer ab = Napi::ArrayBuffer::New(env, size);
  return Napi::Uint8Array::New(env, size, ab, 0);
}

// ------------------------------------------------------------------ thread-pool operations

// One operation with a key, run on the libuv thread pool; the promise
// resolves with the bytes it produced. `Op` runs on a pool thread: it must
// create its own EVP_PKEY_CTX (contexts are not shared between threads)
// and leave that thread's error queue empty. The worker holds its own
// reference to the EVP_PKEY, so the JS key object may be collected
// meanwhile, and its own copy of the input, so the caller may reuse its
// buffer.
class PkeyWorker : public Napi::AsyncWorker {
 public:
  using Op = bool (*)(EVP_PKEY* pkey, const unsigned char* in, size_t inlen, SecretBytes* out, std::string* error);

  // Queues the operation and returns its promise.
  static Napi::Promise Run(Napi::Env env, const char* name, EVP_PKEY* pkey, const unsigned char* in, size_t inlen, Op op) {
    auto* worker = new PkeyWorker(env, name, pkey, in, inlen, op);
    Napi::Promise promise = worker->deferred_.Promise();
    worker->Queue();  // deletes itself after OnOK/OnError
    return promise;
  }

 protected:
  void Execute() override {
    std::string error;
    if (!op_(pkey_.get(), input_.data(), input_.size(), &output_, &error)) SetError(error);
  }
  void OnOK() override { deferred_.Resolve(NewBytes(Env(), output_.data(), output_.size())); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  PkeyWorker(Napi::Env env, const char* name, EVP_PKEY* pkey, const unsigned char* in, size_t inlen, Op op)
      : Napi::AsyncWorker(env, name), deferred_(Napi::Promise::Deferred::New(env)), input_(inlen), op_(op) {
    if (inlen > 0) std::memcpy(input_.data(), in, inlen);
    EVP_PKEY_up_ref(pkey);
    pkey_.reset(pkey);
  }

  Napi::Promise::Deferred deferred_;
  Pkey pkey_;
  SecretBytes input_;
  SecretBytes output_;
  Op op_;
};

}  // namespace pk
}  // namespace tlslite
