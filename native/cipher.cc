// AEADs (AES-GCM, ChaCha20-Poly1305, AES-CCM), CBC ciphers (AES, 3DES)
// and RC4 through EVP_CIPHER. Each cipher is fetched once per process; a
// failed fetch leaves it out, with the reason.
//
// RC4 lives in OpenSSL 3's "legacy" provider, which Node does not load.
// We load it into a library context of our own so that Node's global
// OpenSSL state (and what node:crypto offers) stays exactly as it was.
//
// Exports (the TypeScript wrapper in src/crypto/native/symmetric.ts is
// the only caller and checks argument lengths first; the checks here are
// a safety net against misuse of the raw binding):
//   aeads.<name>         = { key(key) -> AEAD key } | "reason"
//   aeadSeal(key, nonce, aad, plaintext, out)  out = plaintext.length + tag bytes
//   aeadOpen(key, nonce, aad, sealed, out) -> boolean   out = sealed.length - tag
//   blockCiphers.<name>  = { encryptor(key, iv), decryptor(key, iv) } | "reason"
//       each returns a cipher state
//   streamCiphers.rc4    = { key(key) -> cipher state } | "reason"
//   cipherUpdate(state, data, out)  data a whole number of blocks (CBC)
// An AEAD key or cipher state is a handle (see NewHandle in common.h): an
// opaque value that only the matching functions accept. `out` may be the
// same memory as the input (or overlap it anyhow).
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "addon.h"
#include "common.h"

namespace tlslite {
namespace {

enum class AeadMode { kGcm, kCcm, kChaCha };

struct AeadSpec {
  const char* name;     // provider.ts AeadName
  const char* openssl;  // fetch name
  AeadMode mode;
  int keyLength;
  int tagLength;
};

// Every AEAD takes a 12-byte nonce here: the record layer builds it
// (RFC 5288 3, RFC 6655 3, RFC 7905 2, RFC 8446 5.3).
constexpr int kNonceLength = 12;

constexpr AeadSpec kAeads[] = {
    {"aes128gcm", "AES-128-GCM", AeadMode::kGcm, 16, 16},
    {"aes256gcm", "AES-256-GCM", AeadMode::kGcm, 32, 16},
    {"chacha20-poly1305", "ChaCha20-Poly1305", AeadMode::kChaCha, 32, 16},
    // The draft-00 suites differ only in how the record layer builds the
    // nonce; the primitive is the same.
    {"chacha20-poly1305_draft00", "ChaCha20-Poly1305", AeadMode::kChaCha, 32, 16},
    {"aes128ccm", "AES-128-CCM", AeadMode::kCcm, 16, 16},
    {"aes256ccm", "AES-256-CCM", AeadMode::kCcm, 32, 16},
    {"aes128ccm_8", "AES-128-CCM", AeadMode::kCcm, 16, 8},
    {"aes256ccm_8", "AES-256-CCM", AeadMode::kCcm, 32, 8},
};
constexpr size_t kAeadCount = sizeof kAeads / sizeof kAeads[0];

struct BlockSpec {
  const char* name;
  const char* openssl;
  int keyLength;
  int blockLength;
};

constexpr BlockSpec kBlocks[] = {
    {"aes128", "AES-128-CBC", 16, 16},
    {"aes256", "AES-256-CBC", 32, 16},
    {"3des", "DES-EDE3-CBC", 24, 8},
};
constexpr size_t kBlockCount = sizeof kBlocks / sizeof kBlocks[0];

// Fetched once per process, never freed (process lifetime); worker
// threads share these immutable objects.
struct Fetched {
  EVP_CIPHER* aead[kAeadCount] = {};
  std::string aeadError[kAeadCount];
  EVP_CIPHER* block[kBlockCount] = {};
  std::string blockError[kBlockCount];
  OSSL_LIB_CTX* legacyContext = nullptr;
  EVP_CIPHER* rc4 = nullptr;
  std::string rc4Error;
};

EVP_CIPHER* Fetch(OSSL_LIB_CTX* libctx, const char* name, std::string* error) {
  EVP_CIPHER* cipher = EVP_CIPHER_fetch(libctx, name, nullptr);
  if (cipher == nullptr) *error = OpenSSLErrorText((std::string("EVP_CIPHER_fetch(") + name + ") failed").c_str());
  return cipher;
}

void FetchRc4(Fetched* f) {
  f->legacyContext = OSSL_LIB_CTX_new();
  if (f->legacyContext == nullptr) {
    f->rc4Error = OpenSSLErrorText("OSSL_LIB_CTX_new failed");
    return;
  }
  // "default" too: the legacy provider leans on it for nothing RC4 needs,
  // but a context with only "legacy" is an odd one to hand OpenSSL.
  if (OSSL_PROVIDER_load(f->legacyContext, "legacy") == nullptr) {
    f->rc4Error = OpenSSLErrorText("OpenSSL's legacy provider (home of RC4) could not be loaded");
    return;
  }
  if (OSSL_PROVIDER_load(f->legacyContext, "default") == nullptr) {
    f->rc4Error = OpenSSLErrorText("OpenSSL's default provider could not be loaded into the RC4 context");
    return;
  }
  f->rc4 = Fetch(f->legacyContext, "RC4", &f->rc4Error);
}

const Fetched& Algorithms() {
  static const Fetched* fetched = [] {
    auto* f = new Fetched();
    ERR_clear_error();
    for (size_t i = 0; i < kAeadCount; i++) f->aead[i] = Fetch(nullptr, kAeads[i].openssl, &f->aeadError[i]);
    for (size_t i = 0; i < kBlockCount; i++) f->block[i] = Fetch(nullptr, kBlocks[i].openssl, &f->blockError[i]);
    FetchRc4(f);
    return f;
  }();
  return *fetched;
}

// ------------------------------------------------------------------ helpers

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherCtx NewCipherCtx(napi_env env) {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  if (!ctx) ThrowOpenSSLError(env, "EVP_CIPHER_CTX_new failed");
  return ctx;
}

void CheckLength(napi_env env, const ByteSpan& bytes, size_t length, const char* name) {
  if (bytes.length != length) {
    throw Napi::RangeError::New(env, std::string(name) + " must be " + std::to_string(length) + " bytes long");
  }
}

// OpenSSL's update calls take int lengths; keep room for a tag on top.
void CheckIntLength(napi_env env, const ByteSpan& bytes, const char* name) {
  if (bytes.length > static_cast<size_t>(INT_MAX - 64)) throw Napi::RangeError::New(env, std::string(name) + " is too long");
}

// OpenSSL processes in place (out == in) but refuses partly overlapping
// buffers. Move the input to where the output goes first; then it is in place.
const uint8_t* InPlace(const ByteSpan& in, const ByteSpan& out, size_t length) {
  if (in.data != out.data && in.data < out.data + length && out.data < in.data + length) {
    std::memmove(out.data, in.data, length);
    return out.data;
  }
  return in.data;
}

napi_value Boolean(napi_env env, bool value) {
  napi_value result;
  napi_get_boolean(env, value, &result);
  return result;
}

napi_value Undefined(napi_env env) {
  napi_value result;
  napi_get_undefined(env, &result);
  return result;
}

Napi::Function Method(Napi::Env env, const char* name, napi_callback callback, size_t index) {
  napi_value fn;
  if (napi_create_function(env, name, NAPI_AUTO_LENGTH, callback, reinterpret_cast<void*>(index), &fn) != napi_ok) {
    throw Napi::Error::New(env);
  }
  return Napi::Function(env, fn);
}

// ------------------------------------------------------------------ AEAD

// One bound key; each seal or open re-initialises only the nonce. Each
// direction's context is made on first use: a TLS traffic key only ever
// seals or only ever opens, and a context costs more to set up than many
// records cost to seal. The key is kept (and wiped on release) until
// both contexts exist.
struct AeadState {
  static constexpr napi_type_tag kTag = {0x007de48f4b9e013eull, 0x138db9beeac9af37ull};
  static constexpr const char* kWhat = "an AEAD key handle";
  size_t index = 0;
  AeadMode mode = AeadMode::kGcm;
  int tagLength = 16;
  std::vector<uint8_t> key;
  CipherCtx sealer{nullptr, EVP_CIPHER_CTX_free};
  CipherCtx opener{nullptr, EVP_CIPHER_CTX_free};
  ~AeadState() { WipeKey(); }
  void WipeKey() {
    if (!key.empty()) OPENSSL_cleanse(key.data(), key.size());
    key.clear();
  }
};

CipherCtx NewAeadContext(napi_env env, size_t index, const uint8_t* key, int encrypt);

// The context for one direction, made on first use.
EVP_CIPHER_CTX* AeadContext(napi_env env, AeadState& s, int encrypt) {
  CipherCtx& ctx = encrypt ? s.sealer : s.opener;
  if (!ctx) {
    ctx = NewAeadContext(env, s.index, s.key.data(), encrypt);
    if (s.sealer && s.opener) s.WipeKey();
  }
  return ctx.get();
}

// aeadSeal(key, nonce, aad, plaintext, out)
napi_value AeadSeal(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    CallArgs args(env, info);
    AeadState& s = HandleState<AeadState>(env, args[0]);
    ByteSpan nonce = GetBytes(env, args[1], "nonce");
    ByteSpan aad = GetBytes(env, args[2], "aad");
    ByteSpan in = GetBytes(env, args[3], "plaintext");
    ByteSpan out = GetBytes(env, args[4], "out");
    CheckLength(env, nonce, kNonceLength, "nonce");
    CheckIntLength(env, in, "plaintext");
    CheckIntLength(env, aad, "aad");
    CheckLength(env, out, in.length + s.tagLength, "out");
    const int length = static_cast<int>(in.length);
    const uint8_t* src = InPlace(in, out, in.length);
    EVP_CIPHER_CTX* ctx = AeadContext(env, s, 1);

    int n = 0;
    if (!EVP_CipherInit_ex2(ctx, nullptr, nullptr, nonce.data, 1, nullptr)) ThrowOpenSSLError(env, "AEAD init failed");
    // CCM authenticates the message length first (RFC 3610 2.2): OpenSSL
    // wants it before the AAD, given as an update with no buffers.
    if (s.mode == AeadMode::kCcm && !EVP_CipherUpdate(ctx, nullptr, &n, nullptr, length)) {
      ThrowOpenSSLError(env, "CCM length failed");
    }
    if (aad.length > 0 && !EVP_CipherUpdate(ctx, nullptr, &n, aad.data, static_cast<int>(aad.length))) {
      ThrowOpenSSLError(env, "AEAD AAD failed");
    }
    if (!EVP_CipherUpdate(ctx, out.data, &n, src, length)) ThrowOpenSSLError(env, "AEAD encryption failed");
    if (s.mode != AeadMode::kCcm) {  // CCM has finished with the update; its final adds nothing
      int tail = 0;
      if (!EVP_CipherFinal_ex(ctx, out.data + n, &tail)) ThrowOpenSSLError(env, "AEAD final failed");
    }
    if (!EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, s.tagLength, out.data + in.length)) {
      ThrowOpenSSLError(env, "AEAD tag failed");
    }
    return Undefined(env);
  });
}

// aeadOpen(key, nonce, aad, sealed, out) -> boolean
napi_value AeadOpen(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    CallArgs args(env, info);
    AeadState& s = HandleState<AeadState>(env, args[0]);
    ByteSpan nonce = GetBytes(env, args[1], "nonce");
    ByteSpan aad = GetBytes(env, args[2], "aad");
    ByteSpan in = GetBytes(env, args[3], "sealed");
    ByteSpan out = GetBytes(env, args[4], "out");
    CheckLength(env, nonce, kNonceLength, "nonce");
    CheckIntLength(env, in, "sealed");
    CheckIntLength(env, aad, "aad");
    if (in.length < static_cast<size_t>(s.tagLength)) return Boolean(env, false);
    const size_t textLength = in.length - s.tagLength;
    CheckLength(env, out, textLength, "out");
    const int length = static_cast<int>(textLength);
    EVP_CIPHER_CTX* ctx = AeadContext(env, s, 0);

    int n = 0;
    if (!EVP_CipherInit_ex2(ctx, nullptr, nullptr, nonce.data, 0, nullptr)) ThrowOpenSSLError(env, "AEAD init failed");
    // The tag is copied into the context before any output is written, so
    // an output overlapping the tag cannot change what is checked.
    if (!EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, s.tagLength, in.data + textLength)) {
      ThrowOpenSSLError(env, "AEAD set tag failed");
    }
    const uint8_t* src = InPlace(in, out, textLength);
    if (s.mode == AeadMode::kCcm && !EVP_CipherUpdate(ctx, nullptr, &n, nullptr, length)) {
      ThrowOpenSSLError(env, "CCM length failed");
    }
    if (aad.length > 0 && !EVP_CipherUpdate(ctx, nullptr, &n, aad.data, static_cast<int>(aad.length))) {
      ThrowOpenSSLError(env, "AEAD AAD failed");
    }
    // OpenSSL compares tags in constant time (CRYPTO_memcmp). CCM checks
    // in the update; GCM and ChaCha20-Poly1305 in the final.
    bool ok = EVP_CipherUpdate(ctx, out.data, &n, src, length) == 1;
    if (ok && s.mode != AeadMode::kCcm) {
      int tail = 0;
      ok = EVP_CipherFinal_ex(ctx, out.data + n, &tail) == 1;
    }
    if (!ok) {
      // Release nothing of an unauthenticated plaintext.
      OPENSSL_cleanse(out.data, out.length);
      ERR_clear_error();
    }
    return Boolean(env, ok);
  });
}

// A context for one direction, keyed once. (One context cannot serve
// both: OpenSSL's AES-NI CCM picks its bulk routine by direction when the
// key is set, so a re-init that only flips the direction decrypts wrongly.)
CipherCtx NewAeadContext(napi_env env, size_t index, const uint8_t* key, int encrypt) {
  const AeadSpec& spec = kAeads[index];
  CipherCtx owned = NewCipherCtx(env);
  EVP_CIPHER_CTX* ctx = owned.get();
  if (!EVP_CipherInit_ex2(ctx, Algorithms().aead[index], nullptr, nullptr, encrypt, nullptr)) {
    ThrowOpenSSLError(env, "AEAD init failed");
  }
  if (!EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, kNonceLength, nullptr)) {
    ThrowOpenSSLError(env, "AEAD nonce length failed");
  }
  // CCM fixes the tag length (M, RFC 3610 2) before the key; its default
  // is 12. A NULL tag only sets the length.
  if (spec.mode == AeadMode::kCcm && !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, spec.tagLength, nullptr)) {
    ThrowOpenSSLError(env, "CCM tag length failed");
  }
  if (!EVP_CipherInit_ex2(ctx, nullptr, key, nullptr, encrypt, nullptr)) ThrowOpenSSLError(env, "AEAD key failed");
  return owned;
}

// aeads.<name>.key(key): data is the index into kAeads.
napi_value AeadKey(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    CallArgs args(env, info);
    const size_t index = reinterpret_cast<uintptr_t>(args.data());
    ByteSpan key = GetBytes(env, args[0], "key");
    CheckLength(env, key, kAeads[index].keyLength, "key");
    auto state = std::make_unique<AeadState>();
    state->index = index;
    state->mode = kAeads[index].mode;
    state->tagLength = kAeads[index].tagLength;
    state->key.assign(key.data, key.data + key.length);
    return NewHandle(env, std::move(state));
  });
}

// ------------------------------------------------------------------ CBC and RC4

// One context per encryptor/decryptor: CBC's IV (and RC4's keystream
// position) carries from one call to the next inside it.
struct StreamState {
  static constexpr napi_type_tag kTag = {0xf2fee34442d0fe8cull, 0x7f1f67eb42c7e423ull};
  static constexpr const char* kWhat = "a cipher state handle";
  CipherCtx ctx{nullptr, EVP_CIPHER_CTX_free};
  size_t blockLength = 1;
};

// cipherUpdate(state, data, out)
napi_value CipherUpdate(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    CallArgs args(env, info);
    StreamState& s = HandleState<StreamState>(env, args[0]);
    ByteSpan in = GetBytes(env, args[1], "data");
    ByteSpan out = GetBytes(env, args[2], "out");
    CheckIntLength(env, in, "data");
    CheckLength(env, out, in.length, "out");
    if (in.length % s.blockLength != 0) {
      throw Napi::RangeError::New(env, "data must be a multiple of " + std::to_string(s.blockLength) + " bytes");
    }
    const uint8_t* src = InPlace(in, out, in.length);
    int n = 0;
    if (!EVP_CipherUpdate(s.ctx.get(), out.data, &n, src, static_cast<int>(in.length)) ||
        n != static_cast<int>(in.length)) {
      ThrowOpenSSLError(env, "cipher update failed");
    }
    return Undefined(env);
  });
}

napi_value NewCbc(napi_env env, napi_callback_info info, int encrypt) {
  CallArgs args(env, info);
  const size_t index = reinterpret_cast<uintptr_t>(args.data());
  const BlockSpec& spec = kBlocks[index];
  ByteSpan key = GetBytes(env, args[0], "key");
  ByteSpan iv = GetBytes(env, args[1], "iv");
  CheckLength(env, key, spec.keyLength, "key");
  CheckLength(env, iv, spec.blockLength, "iv");
  auto state = std::make_unique<StreamState>();
  state->blockLength = spec.blockLength;
  state->ctx = NewCipherCtx(env);
  if (!EVP_CipherInit_ex2(state->ctx.get(), Algorithms().block[index], key.data, iv.data, encrypt, nullptr)) {
    ThrowOpenSSLError(env, "CBC init failed");
  }
  // TLS pads and unpads itself (RFC 5246 6.2.3.2), in constant time.
  EVP_CIPHER_CTX_set_padding(state->ctx.get(), 0);
  return NewHandle(env, std::move(state));
}

napi_value CbcEncryptor(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value { return NewCbc(env, info, 1); });
}

napi_value CbcDecryptor(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value { return NewCbc(env, info, 0); });
}

// streamCiphers.rc4.key(key): any length from 1 to 256 bytes.
napi_value Rc4Key(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    CallArgs args(env, info);
    ByteSpan key = GetBytes(env, args[0], "key");
    if (key.length < 1 || key.length > 256) throw Napi::RangeError::New(env, "key must be 1 to 256 bytes long");
    auto state = std::make_unique<StreamState>();
    state->ctx = NewCipherCtx(env);
    EVP_CIPHER_CTX* ctx = state->ctx.get();
    if (!EVP_CipherInit_ex2(ctx, Algorithms().rc4, nullptr, nullptr, 1, nullptr) ||
        !EVP_CIPHER_CTX_set_key_length(ctx, static_cast<int>(key.length)) ||
        !EVP_CipherInit_ex2(ctx, nullptr, key.data, nullptr, 1, nullptr)) {
      ThrowOpenSSLError(env, "RC4 init failed");
    }
    return NewHandle(env, std::move(state));
  });
}

}  // namespace

void InitCipher(Napi::Env env, Napi::Object exports) {
  const Fetched& f = Algorithms();
  Napi::Object aeads = Napi::Object::New(env);
  for (size_t i = 0; i < kAeadCount; i++) {
    if (f.aead[i] == nullptr) {
      aeads.Set(kAeads[i].name, f.aeadError[i]);
      continue;
    }
    Napi::Object aead = Napi::Object::New(env);
    aead.Set("key", Method(env, "key", AeadKey, i));
    aeads.Set(kAeads[i].name, aead);
  }
  Napi::Object blocks = Napi::Object::New(env);
  for (size_t i = 0; i < kBlockCount; i++) {
    if (f.block[i] == nullptr) {
      blocks.Set(kBlocks[i].name, f.blockError[i]);
      continue;
    }
    Napi::Object block = Napi::Object::New(env);
    block.Set("encryptor", Method(env, "encryptor", CbcEncryptor, i));
    block.Set("decryptor", Method(env, "decryptor", CbcDecryptor, i));
    blocks.Set(kBlocks[i].name, block);
  }
  Napi::Object streams = Napi::Object::New(env);
  if (f.rc4 == nullptr) {
    streams.Set("rc4", f.rc4Error);
  } else {
    Napi::Object rc4 = Napi::Object::New(env);
    rc4.Set("key", Method(env, "key", Rc4Key, 0));
    streams.Set("rc4", rc4);
  }
  exports.Set("aeads", aeads);
  exports.Set("blockCiphers", blocks);
  exports.Set("streamCiphers", streams);
  exports.Set("aeadSeal", Method(env, "aeadSeal", AeadSeal, 0));
  exports.Set("aeadOpen", Method(env, "aeadOpen", AeadOpen, 0));
  exports.Set("cipherUpdate", Method(env, "cipherUpdate", CipherUpdate, 0));
}

}  // namespace tlslite
