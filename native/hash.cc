// Digests (MD5, SHA-1, SHA-2) and HMAC over them, through EVP_MD and
// EVP_MAC. Each algorithm is fetched once per process; a failed fetch
// (MD5 under FIPS, say) leaves that algorithm out, with the reason, so
// that the TypeScript side can fall back to the pure implementation.
//
// Exports (the TypeScript wrapper in src/crypto/native/symmetric.ts is
// the only caller and checks argument lengths first):
//   hashes.<name> = { create() -> hash, digest(out, ...parts) } | "reason"
//   hmacs.<name>  = { key(key) -> HMAC key, mac(out, key, ...parts) } | "reason"
//   hashOp(hash, op, arg)   0 update(data), 1 digest(out), 2 copy() -> hash,
//                           3 snapshot(out)
//   hmacOp(hmac, op, arg)   the same ops on an HMAC computation
//   hmacKeyOp(key, op, ...) 0 mac(out, ...parts), 1 create() -> hmac
// A hash, HMAC or HMAC key is a handle (see NewHandle in common.h): an
// opaque value that only the matching op accepts.
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <climits>
#include <string>

#include "addon.h"
#include "common.h"

namespace tlslite {
namespace {

struct HashSpec {
  const char* name;     // our name (provider.ts HashName)
  const char* openssl;  // OpenSSL's fetch name
};

constexpr HashSpec kHashes[] = {
    {"md5", "MD5"},           {"sha1", "SHA1"},         {"sha224", "SHA2-224"},
    {"sha256", "SHA2-256"},   {"sha384", "SHA2-384"},   {"sha512", "SHA2-512"},
};
constexpr size_t kHashCount = sizeof kHashes / sizeof kHashes[0];

// Everything fetched at start-up, once per process (worker threads share
// it: fetched EVP_MD/EVP_MAC objects are immutable and thread-safe). Never
// freed: it lives as long as the process.
struct Fetched {
  EVP_MD* md[kHashCount] = {};
  std::string mdError[kHashCount];
  std::string hmacError[kHashCount];  // empty when HMAC over md[i] works
  EVP_MAC* hmac = nullptr;
  // Whether EVP_MAC_init with no key restarts a keyed HMAC context (see
  // MacKeyState); if not, each one-shot MAC duplicates the keyed context.
  bool hmacReinit = false;
};

// Does re-initialising a keyed HMAC context without a key give the same
// MAC again? OpenSSL 3.0.19 (Node 20's) does; an older shared libcrypto
// might not, and a wrong MAC would only show on a key's second record,
// which the start-up probe never reaches.
bool HmacReinitWorks(EVP_MAC* hmac, const char* digest) {
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(hmac);
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0),
                         OSSL_PARAM_construct_end()};
  static const unsigned char key[] = "key", data[] = "data";
  unsigned char first[EVP_MAX_MD_SIZE], second[EVP_MAX_MD_SIZE];
  size_t n1 = 0, n2 = 0;
  bool ok = ctx != nullptr && EVP_MAC_init(ctx, key, 3, params) && EVP_MAC_update(ctx, data, 4) &&
            EVP_MAC_final(ctx, first, &n1, sizeof first) && EVP_MAC_init(ctx, nullptr, 0, nullptr) &&
            EVP_MAC_update(ctx, data, 4) && EVP_MAC_final(ctx, second, &n2, sizeof second) && n1 == n2 &&
            CRYPTO_memcmp(first, second, n1) == 0;
  EVP_MAC_CTX_free(ctx);
  ERR_clear_error();
  return ok;
}

const Fetched& Algorithms() {
  static const Fetched* fetched = [] {
    auto* f = new Fetched();
    ERR_clear_error();
    f->hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    std::string hmacMissing = f->hmac ? "" : OpenSSLErrorText("EVP_MAC_fetch(HMAC) failed");
    for (size_t i = 0; i < kHashCount; i++) {
      f->md[i] = EVP_MD_fetch(nullptr, kHashes[i].openssl, nullptr);
      if (f->md[i] == nullptr) {
        f->mdError[i] = OpenSSLErrorText((std::string("EVP_MD_fetch(") + kHashes[i].openssl + ") failed").c_str());
        f->hmacError[i] = f->mdError[i];
        continue;
      }
      if (!f->hmac) {
        f->hmacError[i] = hmacMissing;
        continue;
      }
      // Binding the digest to an HMAC context is what a key will do; a
      // provider that refuses (a FIPS one, for MD5) is found out here.
      EVP_MAC_CTX* probe = EVP_MAC_CTX_new(f->hmac);
      OSSL_PARAM params[] = {
          OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(kHashes[i].openssl), 0),
          OSSL_PARAM_construct_end()};
      if (probe == nullptr || !EVP_MAC_CTX_set_params(probe, params)) {
        f->hmacError[i] = OpenSSLErrorText("HMAC does not accept this digest");
      }
      EVP_MAC_CTX_free(probe);
    }
    for (size_t i = 0; i < kHashCount; i++) {
      if (f->hmacError[i].empty()) {
        f->hmacReinit = HmacReinitWorks(f->hmac, kHashes[i].openssl);
        break;
      }
    }
    return f;
  }();
  return *fetched;
}

uint32_t GetOp(napi_env env, napi_value value) {
  uint32_t op;
  if (napi_get_value_uint32(env, value, &op) != napi_ok) throw Napi::TypeError::New(env, "op must be a number");
  return op;
}

ByteSpan GetOutput(napi_env env, napi_value value, size_t length) {
  ByteSpan out = GetBytes(env, value, "out");
  if (out.length != length) throw Napi::RangeError::New(env, "out must be " + std::to_string(length) + " bytes long");
  return out;
}

napi_value Undefined(napi_env env) {
  napi_value result;
  napi_get_undefined(env, &result);
  return result;
}

// ------------------------------------------------------------------ hashes

// One context per thread for one-shot digests, so that a digest costs
// no allocation of ours (OpenSSL 3.0 may still re-create its provider
// context at init).
EVP_MD_CTX* ScratchDigestContext() {
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return ctx.get();
}

struct HashState {
  static constexpr napi_type_tag kTag = {0xe9371a76d1b900cdull, 0xaaee01b8eab2c744ull};
  static constexpr const char* kWhat = "a hash handle";
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  size_t size = 0;
  bool finished = false;
  ~HashState() { EVP_MD_CTX_free(ctx); }
};

// hashOp(hash, op, arg)
napi_value HashOp(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    CallArgs args(env, info);
    HashState& s = HandleState<HashState>(env, args[0]);
    uint32_t op = GetOp(env, args[1]);
    if (s.finished) throw Napi::Error::New(env, "hash already finished");
    switch (op) {
      case 0: {  // update(data)
        ByteSpan data = GetBytes(env, args[2], "data");
        if (!EVP_DigestUpdate(s.ctx, data.data, data.length)) ThrowOpenSSLError(env, "EVP_DigestUpdate failed");
        return Undefined(env);
      }
      case 1: {  // digest(out)
        ByteSpan out = GetOutput(env, args[2], s.size);
        unsigned int n = 0;
        if (!EVP_DigestFinal_ex(s.ctx, out.data, &n)) ThrowOpenSSLError(env, "EVP_DigestFinal_ex failed");
        s.finished = true;
        return Undefined(env);
      }
      case 2: {  // copy()
        auto copy = std::make_unique<HashState>();
        copy->size = s.size;
        if (copy->ctx == nullptr || !EVP_MD_CTX_copy_ex(copy->ctx, s.ctx)) {
          ThrowOpenSSLError(env, "EVP_MD_CTX_copy_ex failed");
        }
        return NewHandle(env, std::move(copy));
      }
      case 3: {  // snapshot(out): the digest so far; this state carries on
        ByteSpan out = GetOutput(env, args[2], s.size);
        EVP_MD_CTX* scratch = ScratchDigestContext();
        unsigned int n = 0;
        if (scratch == nullptr || !EVP_MD_CTX_copy_ex(scratch, s.ctx) || !EVP_DigestFinal_ex(scratch, out.data, &n)) {
          ThrowOpenSSLError(env, "hash snapshot failed");
        }
        return Undefined(env);
      }
      default:
        throw Napi::RangeError::New(env, "unknown hash op");
    }
  });
}

// hashes.<name>.create(): data is the index into kHashes.
napi_value HashCreate(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    CallArgs args(env, info);
    const EVP_MD* md = Algorithms().md[reinterpret_cast<uintptr_t>(args.data())];
    auto state = std::make_unique<HashState>();
    state->size = static_cast<size_t>(EVP_MD_get_size(md));
    if (state->ctx == nullptr || !EVP_DigestInit_ex2(state->ctx, md, nullptr)) {
      ThrowOpenSSLError(env, "EVP_DigestInit_ex2 failed");
    }
    return NewHandle(env, std::move(state));
  });
}

// hashes.<name>.digest(out, ...parts)
napi_value HashDigest(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    CallArgs args(env, info);
    const EVP_MD* md = Algorithms().md[reinterpret_cast<uintptr_t>(args.data())];
    ByteSpan out = GetOutput(env, args[0], static_cast<size_t>(EVP_MD_get_size(md)));
    EVP_MD_CTX* ctx = ScratchDigestContext();
    if (ctx == nullptr || !EVP_DigestInit_ex2(ctx, md, nullptr)) ThrowOpenSSLError(env, "EVP_DigestInit_ex2 failed");
    for (size_t i = 1; i < args.size(); i++) {
      ByteSpan part = GetBytes(env, args[i], "part");
      if (!EVP_DigestUpdate(ctx, part.data, part.length)) ThrowOpenSSLError(env, "EVP_DigestUpdate failed");
    }
    unsigned int n = 0;
    if (!EVP_DigestFinal_ex(ctx, out.data, &n)) ThrowOpenSSLError(env, "EVP_DigestFinal_ex failed");
    return Undefined(env);
  });
}

// ------------------------------------------------------------------ HMAC

struct MacState {
  static constexpr napi_type_tag kTag = {0xa5d36959ffb6496cull, 0xb97b8279e02c73f3ull};
  static constexpr const char* kWhat = "an HMAC handle";
  EVP_MAC_CTX* ctx = nullptr;
  size_t size = 0;
  bool finished = false;
  ~MacState() { EVP_MAC_CTX_free(ctx); }
};

// A bound key: `keyed` holds the key (never updated); `work` serves
// one-shot MACs and is re-initialised without a key, which in OpenSSL's
// HMAC restores the keyed inner/outer state without re-hashing the key.
struct MacKeyState {
  static constexpr napi_type_tag kTag = {0xe31bab3bd47882c8ull, 0x6272c2d9f6a39d22ull};
  static constexpr const char* kWhat = "an HMAC key handle";
  EVP_MAC_CTX* keyed = nullptr;
  EVP_MAC_CTX* work = nullptr;
  size_t size = 0;
  ~MacKeyState() {
    EVP_MAC_CTX_free(work);
    EVP_MAC_CTX_free(keyed);
  }
};

// A new HMAC handle whose context is a copy of `from`.
napi_value NewMacHandle(napi_env env, EVP_MAC_CTX* from, size_t size) {
  auto state = std::make_unique<MacState>();
  state->size = size;
  state->ctx = EVP_MAC_CTX_dup(from);
  if (state->ctx == nullptr) ThrowOpenSSLError(env, "EVP_MAC_CTX_dup failed");
  return NewHandle(env, std::move(state));
}

// hmacOp(hmac, op, arg)
napi_value MacOp(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    CallArgs args(env, info);
    MacState& s = HandleState<MacState>(env, args[0]);
    uint32_t op = GetOp(env, args[1]);
    if (s.finished) throw Napi::Error::New(env, "HMAC already finished");
    switch (op) {
      case 0: {  // update(data)
        ByteSpan data = GetBytes(env, args[2], "data");
        if (!EVP_MAC_update(s.ctx, data.data, data.length)) ThrowOpenSSLError(env, "EVP_MAC_update failed");
        return Undefined(env);
      }
      case 1: {  // digest(out)
        ByteSpan out = GetOutput(env, args[2], s.size);
        size_t n = 0;
        if (!EVP_MAC_final(s.ctx, out.data, &n, out.length)) ThrowOpenSSLError(env, "EVP_MAC_final failed");
        s.finished = true;
        return Undefined(env);
      }
      case 2:  // copy()
        return NewMacHandle(env, s.ctx, s.size);
      case 3: {  // snapshot(out): the MAC so far; this state carries on
        ByteSpan out = GetOutput(env, args[2], s.size);
        std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> dup(EVP_MAC_CTX_dup(s.ctx), EVP_MAC_CTX_free);
        size_t n = 0;
        if (!dup || !EVP_MAC_final(dup.get(), out.data, &n, out.length)) ThrowOpenSSLError(env, "HMAC snapshot failed");
        return Undefined(env);
      }
      default:
        throw Napi::RangeError::New(env, "unknown HMAC op");
    }
  });
}

// hmacKeyOp(key, op, ...)
napi_value MacKeyOp(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    CallArgs args(env, info);
    MacKeyState& k = HandleState<MacKeyState>(env, args[0]);
    switch (GetOp(env, args[1])) {
      case 0: {  // mac(out, ...parts)
        ByteSpan out = GetOutput(env, args[2], k.size);
        if (!Algorithms().hmacReinit) {
          EVP_MAC_CTX* fresh = EVP_MAC_CTX_dup(k.keyed);
          if (fresh == nullptr) ThrowOpenSSLError(env, "EVP_MAC_CTX_dup failed");
          EVP_MAC_CTX_free(k.work);
          k.work = fresh;
        } else if (!EVP_MAC_init(k.work, nullptr, 0, nullptr)) {
          ThrowOpenSSLError(env, "EVP_MAC_init failed");
        }
        for (size_t i = 3; i < args.size(); i++) {
          ByteSpan part = GetBytes(env, args[i], "part");
          if (!EVP_MAC_update(k.work, part.data, part.length)) ThrowOpenSSLError(env, "EVP_MAC_update failed");
        }
        size_t n = 0;
        if (!EVP_MAC_final(k.work, out.data, &n, out.length)) ThrowOpenSSLError(env, "EVP_MAC_final failed");
        return Undefined(env);
      }
      case 1:  // create()
        return NewMacHandle(env, k.keyed, k.size);
      default:
        throw Napi::RangeError::New(env, "unknown HMAC key op");
    }
  });
}

// Per thread and digest, HMAC contexts with the digest bound once, since
// binding it by name (OSSL_MAC_PARAM_DIGEST) fetches it again each time:
//   kOneShot    serves one-shot MACs (HKDF, Finished), keyed anew by each:
//               a MAC then costs a keying and the message, and no
//               allocation or JavaScript object.
//   kKeyOrigin  is what a new key's context is duplicated from (then
//               keyed), never used itself. It holds a fixed empty key:
//               OpenSSL 3.0.0 cannot duplicate an unkeyed HMAC context
//               (copying uninitialised digest contexts came in 3.0.1),
//               and duplicating the one-shot context would copy another
//               caller's key.
enum MacContextUse { kOneShot, kKeyOrigin, kMacContextUses };

EVP_MAC_CTX* BoundMacContext(napi_env env, size_t index, MacContextUse use) {
  struct Contexts {
    EVP_MAC_CTX* ctx[kMacContextUses][kHashCount] = {};
    ~Contexts() {
      for (auto& row : ctx) {
        for (EVP_MAC_CTX* c : row) EVP_MAC_CTX_free(c);
      }
    }
  };
  thread_local Contexts contexts;
  EVP_MAC_CTX*& ctx = contexts.ctx[use][index];
  if (ctx == nullptr) {
    EVP_MAC_CTX* fresh = EVP_MAC_CTX_new(Algorithms().hmac);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(kHashes[index].openssl), 0),
        OSSL_PARAM_construct_end()};
    static const unsigned char kEmpty[1] = {0};
    if (fresh == nullptr || !EVP_MAC_CTX_set_params(fresh, params) ||
        (use == kKeyOrigin && !EVP_MAC_init(fresh, kEmpty, 0, nullptr))) {
      EVP_MAC_CTX_free(fresh);
      ThrowOpenSSLError(env, "HMAC context failed");
    }
    ctx = fresh;
  }
  return ctx;
}

// hmacs.<name>.key(key): data is the index into kHashes.
napi_value MacKey(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    CallArgs args(env, info);
    size_t index = reinterpret_cast<uintptr_t>(args.data());
    ByteSpan key = GetBytes(env, args[0], "key");
    const Fetched& f = Algorithms();
    auto state = std::make_unique<MacKeyState>();
    state->size = static_cast<size_t>(EVP_MD_get_size(f.md[index]));
    state->keyed = EVP_MAC_CTX_dup(BoundMacContext(env, index, kKeyOrigin));
    if (state->keyed == nullptr) ThrowOpenSSLError(env, "EVP_MAC_CTX_dup failed");
    // key.data is never null (GetBytes), which matters: a null key would
    // mean "keep the empty key of the context duplicated" to EVP_MAC_init.
    if (!EVP_MAC_init(state->keyed, key.data, key.length, nullptr)) ThrowOpenSSLError(env, "EVP_MAC_init failed");
    state->work = EVP_MAC_CTX_dup(state->keyed);
    if (state->work == nullptr) ThrowOpenSSLError(env, "EVP_MAC_CTX_dup failed");
    return NewHandle(env, std::move(state));
  });
}

// hmacs.<name>.mac(out, key, ...parts): data is the index into kHashes.
napi_value MacOneShot(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    CallArgs args(env, info);
    size_t index = reinterpret_cast<uintptr_t>(args.data());
    const Fetched& f = Algorithms();
    ByteSpan out = GetOutput(env, args[0], static_cast<size_t>(EVP_MD_get_size(f.md[index])));
    ByteSpan key = GetBytes(env, args[1], "key");
    EVP_MAC_CTX* ctx = BoundMacContext(env, index, kOneShot);
    // key.data is never null (GetBytes), which matters: a null key would
    // mean "keep the previous caller's key" to EVP_MAC_init.
    if (!EVP_MAC_init(ctx, key.data, key.length, nullptr)) ThrowOpenSSLError(env, "EVP_MAC_init failed");
    for (size_t i = 2; i < args.size(); i++) {
      ByteSpan part = GetBytes(env, args[i], "part");
      if (!EVP_MAC_update(ctx, part.data, part.length)) ThrowOpenSSLError(env, "EVP_MAC_update failed");
    }
    size_t n = 0;
    if (!EVP_MAC_final(ctx, out.data, &n, out.length)) ThrowOpenSSLError(env, "EVP_MAC_final failed");
    return Undefined(env);
  });
}

Napi::Function Method(Napi::Env env, const char* name, napi_callback callback, size_t index) {
  napi_value fn;
  if (napi_create_function(env, name, NAPI_AUTO_LENGTH, callback, reinterpret_cast<void*>(index), &fn) != napi_ok) {
    throw Napi::Error::New(env);
  }
  return Napi::Function(env, fn);
}

}  // namespace

void InitHash(Napi::Env env, Napi::Object exports) {
  const Fetched& f = Algorithms();
  Napi::Object hashes = Napi::Object::New(env);
  Napi::Object hmacs = Napi::Object::New(env);
  for (size_t i = 0; i < kHashCount; i++) {
    if (f.md[i] == nullptr) {
      hashes.Set(kHashes[i].name, f.mdError[i]);
    } else {
      Napi::Object hash = Napi::Object::New(env);
      hash.Set("outputLength", EVP_MD_get_size(f.md[i]));
      hash.Set("blockLength", EVP_MD_get_block_size(f.md[i]));
      hash.Set("create", Method(env, "create", HashCreate, i));
      hash.Set("digest", Method(env, "digest", HashDigest, i));
      hashes.Set(kHashes[i].name, hash);
    }
    if (!f.hmacError[i].empty()) {
      hmacs.Set(kHashes[i].name, f.hmacError[i]);
    } else {
      Napi::Object hmac = Napi::Object::New(env);
      hmac.Set("key", Method(env, "key", MacKey, i));
      hmac.Set("mac", Method(env, "mac", MacOneShot, i));
      hmacs.Set(kHashes[i].name, hmac);
    }
  }
  exports.Set("hashes", hashes);
  exports.Set("hmacs", hmacs);
  exports.Set("hashOp", Method(env, "hashOp", HashOp, 0));
  exports.Set("hmacOp", Method(env, "hmacOp", MacOp, 0));
  exports.Set("hmacKeyOp", Method(env, "hmacKeyOp", MacKeyOp, 0));
}

}  // namespace tlslite
