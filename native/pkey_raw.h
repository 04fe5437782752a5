// Keys that OpenSSL handles as raw byte strings: X25519 and X448 (RFC
// 7748) for key agreement, Ed25519 and Ed448 (RFC 8032) for signatures.
// Included only by pkey.cc (the build lists one source per family).
//
// Exports:
//   RawKey(type, "generate")        type: "x25519" | "x448" | "ed25519" | "ed448"
//   RawKey(type, "private", bytes)  the raw private key (for EdDSA, the RFC 8032 seed)
//   RawKey(type, "public", bytes)   the raw public key
//     .publicKey
//     .privateKey()                 the raw private key
//     .computeSecret(peer)          X25519/X448: the result, or null if the peer
//                                   value has the wrong length or the result is all zeros
//     .sign(message)                EdDSA (pure, empty context), on the calling thread
//     .signAsync(message)           the same on the thread pool (a Promise)
//     .verify(message, signature)   boolean
#pragma once

#include <openssl/crypto.h>

#include "pkey_util.h"

namespace tlslite {
namespace pkey {

using namespace pk;

struct RawType {
  const char* name;      // the provider's name
  int id;                // EVP_PKEY_X25519, ...
  const char* keytype;   // OpenSSL's key type name
  size_t privateLength;
  size_t publicLength;
  bool signature;        // EdDSA rather than key agreement
};

constexpr RawType kRawTypes[] = {
    {"x25519", EVP_PKEY_X25519, "X25519", 32, 32, false},
    {"x448", EVP_PKEY_X448, "X448", 56, 56, false},
    {"ed25519", EVP_PKEY_ED25519, "ED25519", 32, 32, true},
    {"ed448", EVP_PKEY_ED448, "ED448", 57, 57, true},
};

inline const RawType* FindRawType(const std::string& name) {
  for (const RawType& t : kRawTypes) {
    if (name == t.name) return &t;
  }
  return nullptr;
}

// EdDSA one-shot signing: no digest (EdDSA hashes internally), so
// EVP_DigestSign is called once over the whole message. Runs on any thread.
inline bool EddsaSign(EVP_PKEY* pkey, const unsigned char* msg, size_t len, SecretBytes* out, std::string* error) {
  MdCtx md(EVP_MD_CTX_new());
  size_t siglen = 0;
  if (!md || EVP_DigestSignInit_ex(md.get(), nullptr, nullptr, nullptr, nullptr, pkey, nullptr) <= 0 ||
      EVP_DigestSign(md.get(), nullptr, &siglen, msg, len) <= 0) {
    *error = "EdDSA signing failed: " + TakeOpensslError();
    return false;
  }
  out->resize(siglen);
  if (EVP_DigestSign(md.get(), out->data(), &siglen, msg, len) <= 0) {
    *error = "EdDSA signing failed: " + TakeOpensslError();
    return false;
  }
  out->resize(siglen);
  return true;
}

class RawKey : public Napi::ObjectWrap<RawKey> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "RawKey",
                       {
                           InstanceAccessor<&RawKey::PublicKey>("publicKey"),
                           InstanceMethod<&RawKey::PrivateKey>("privateKey"),
                           InstanceMethod<&RawKey::ComputeSecret>("computeSecret"),
                           InstanceMethod<&RawKey::Sign>("sign"),
                           InstanceMethod<&RawKey::SignAsync>("signAsync"),
                           InstanceMethod<&RawKey::Verify>("verify"),
                       });
  }

  explicit RawKey(const Napi::CallbackInfo& info) : Napi::ObjectWrap<RawKey>(info) {
    Napi::Env env = info.Env();
    type_ = FindRawType(StringArg(info, 0, "type"));
    if (type_ == nullptr) ThrowRange(env, "type must be x25519, x448, ed25519 or ed448");
    std::string mode = StringArg(info, 1, "mode");

    if (mode == "generate") {
      const RawType* type = type_;
      EVP_PKEY_CTX* ctx = KeygenContext<std::size(kRawTypes)>(static_cast<size_t>(type - kRawTypes), [type]() {
        PkeyCtx fresh(EVP_PKEY_CTX_new_from_name(nullptr, type->keytype, nullptr));
        if (fresh && EVP_PKEY_keygen_init(fresh.get()) <= 0) fresh.reset();
        return fresh;
      });
      EVP_PKEY* raw = nullptr;
      if (ctx == nullptr || EVP_PKEY_generate(ctx, &raw) <= 0) ThrowOpenssl(env, "key generation");
      pkey_.reset(raw);
      private_ = true;
    } else if (mode == "private" || mode == "public") {
      private_ = mode == "private";
      size_t want = private_ ? type_->privateLength : type_->publicLength;
      ByteView key = BytesArg(info, 2, private_ ? "privateKey" : "publicKey");
      if (key.size != want) {
        ThrowRange(env, std::string(private_ ? "privateKey" : "publicKey") + " must be " + std::to_string(want) + " bytes long");
      }
      pkey_.reset(private_ ? EVP_PKEY_new_raw_private_key(type_->id, nullptr, key.data, key.size)
                           : EVP_PKEY_new_raw_public_key(type_->id, nullptr, key.data, key.size));
      if (!pkey_) ThrowOpenssl(env, "raw key import");
    } else {
      ThrowRange(env, "mode must be generate, private or public");
    }
    public_.resize(type_->publicLength);
    size_t len = public_.size();
    if (!EVP_PKEY_get_raw_public_key(pkey_.get(), public_.data(), &len) || len != public_.size()) {
      ThrowOpenssl(env, "raw public key export");
    }
  }

 private:
  void RequirePrivate(Napi::Env env) {
    if (!private_) ThrowType(env, "this key has no private part");
  }
  void RequireSignature(Napi::Env env, bool signature) {
    if (type_->signature != signature) {
      ThrowType(env, std::string(type_->name) + (signature ? " is not a signature scheme" : " is not a key-agreement group"));
    }
  }

  Napi::Value PublicKey(const Napi::CallbackInfo& info) { return NewBytes(info.Env(), public_.data(), public_.size()); }

  Napi::Value PrivateKey(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    RequirePrivate(env);
    Napi::Uint8Array out = NewBytes(env, type_->privateLength);
    size_t len = out.ByteLength();
    if (!EVP_PKEY_get_raw_private_key(pkey_.get(), out.Data(), &len) || len != type_->privateLength) {
      ThrowOpenssl(env, "raw private key export");
    }
    return out;
  }

  Napi::Value ComputeSecret(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    RequireSignature(env, false);
    RequirePrivate(env);
    ByteView peerBytes = BytesArg(info, 0, "peerPublic");
    if (peerBytes.size != type_->publicLength) return env.Null();
    Pkey peer(EVP_PKEY_new_raw_public_key(type_->id, nullptr, peerBytes.data, peerBytes.size));
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey_.get(), nullptr));
    if (!peer || !ctx) ThrowOpenssl(env, "key agreement setup");
    Napi::Uint8Array out = NewBytes(env, type_->publicLength);
    size_t len = out.ByteLength();
    // Every 32/56-byte string is a valid X25519/X448 public value (RFC 7748
    // 5), so EVP's peer check (a second context for a no-op public-key
    // check) is skipped. What matters is the result: OpenSSL fails the
    // derivation when it is all zeros (a small-order peer point), and the
    // check below does not rely on that.
    if (EVP_PKEY_derive_init(ctx.get()) <= 0 || EVP_PKEY_derive_set_peer_ex(ctx.get(), peer.get(), 0) <= 0 ||
        EVP_PKEY_derive(ctx.get(), out.Data(), &len) <= 0 || len != out.ByteLength()) {
      TakeOpensslError();
      return env.Null();
    }
    // RFC 7748 6.1, RFC 8446 7.4.2: reject an all-zero result, in constant time.
    unsigned char acc = 0;
    for (size_t i = 0; i < len; i++) acc |= out.Data()[i];
    if (acc == 0) return env.Null();
    return out;
  }

  Napi::Value Sign(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    RequireSignature(env, true);
    RequirePrivate(env);
    ByteView msg = BytesArg(info, 0, "message");
    SecretBytes sig;
    std::string error;
    if (!EddsaSign(pkey_.get(), msg.data, msg.size, &sig, &error)) throw Napi::Error::New(env, error);
    return NewBytes(env, sig.data(), sig.size());
  }

  Napi::Value SignAsync(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    RequireSignature(env, true);
    RequirePrivate(env);
    ByteView msg = BytesArg(info, 0, "message");
    return PkeyWorker::Run(env, "tlslite:eddsaSign", pkey_.get(), msg.data, msg.size, EddsaSign);
  }

  // RFC 8032 verification as OpenSSL implements it (S < L enforced,
  // cofactorless equation); a malformed signature is simply invalid.
  Napi::Value Verify(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    RequireSignature(env, true);
    ByteView msg = BytesArg(info, 0, "message");
    ByteView sig = BytesArg(info, 1, "signature");
    MdCtx md(EVP_MD_CTX_new());
    if (!md || EVP_DigestVerifyInit_ex(md.get(), nullptr, nullptr, nullptr, nullptr, pkey_.get(), nullptr) <= 0) {
      ThrowOpenssl(env, "EdDSA verification setup");
    }
    int rc = EVP_DigestVerify(md.get(), sig.data, sig.size, msg.data, msg.size);
    TakeOpensslError();
    return Napi::Boolean::New(env, rc == 1);
  }

  const RawType* type_ = nullptr;
  Pkey pkey_;
  std::vector<unsigned char> public_;
  bool private_ = false;
};

}  // namespace pkey
}  // namespace tlslite
