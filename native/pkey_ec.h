// Keys on the NIST prime curves (P-256, P-384, P-521) for ECDH and ECDSA.
// Included only by pkey.cc (the build lists one source per family).
//
// Exports:
//   EcKey(curve, "generate")            a fresh key pair
//   EcKey(curve, "private", scalar)     scalar: big-endian, the field size in bytes, 1 <= s < order
//   EcKey(curve, "public", point)       point: uncompressed 0x04 || X || Y, checked on the curve
//     .publicKey                        the uncompressed point
//     .privateScalar()                  the scalar, padded to the field size
//     .computeSecret(peerPoint)         ECDH x-coordinate (padded), or null for an invalid point
//     .signDigest(digest)               DER ECDSA-Sig-Value, on the calling thread
//     .signDigestAsync(digest)          the same on the thread pool (a Promise)
//     .verifyDigest(digest, signature)  boolean
// `curve` is the provider's name: "secp256r1", "secp384r1" or "secp521r1".
#pragma once

#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include "pkey_util.h"

namespace tlslite {
namespace pkey {

using namespace pk;

struct EcGroupFree {
  void operator()(EC_GROUP* p) const { EC_GROUP_free(p); }
};
struct EcPointFree {
  void operator()(EC_POINT* p) const { EC_POINT_free(p); }
};
using EcGroup = std::unique_ptr<EC_GROUP, EcGroupFree>;
using EcPoint = std::unique_ptr<EC_POINT, EcPointFree>;

struct Curve {
  const char* name;   // the provider's name
  int nid;
  const char* group;  // OpenSSL's group name
  size_t fieldLength; // bytes of a coordinate and of the scalar
};

constexpr Curve kCurves[] = {
    {"secp256r1", NID_X9_62_prime256v1, "prime256v1", 32},
    {"secp384r1", NID_secp384r1, "secp384r1", 48},
    {"secp521r1", NID_secp521r1, "secp521r1", 66},
};

inline const Curve* FindCurve(const std::string& name) {
  for (const Curve& c : kCurves) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

// An EVP_PKEY from a group name plus a public point and/or private scalar.
// OpenSSL's EC import decodes the point with EC_POINT_oct2point, which
// refuses a point that is not on the curve.
inline Pkey EcFromData(const Curve& curve, const BIGNUM* priv, const unsigned char* pub, size_t publen) {
  ParamBld bld(OSSL_PARAM_BLD_new());
  if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve.group, 0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub, publen) ||
      (priv != nullptr && !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv))) {
    return nullptr;
  }
  Params params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, priv != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
    return nullptr;
  }
  return Pkey(raw);
}

// ECDSA over a precomputed digest: no digest is set on the context, so
// OpenSSL signs the bytes given (truncated to the order's length as
// ECDSA specifies). Runs on any thread.
inline bool EcdsaSign(EVP_PKEY* pkey, const unsigned char* digest, size_t len, SecretBytes* out, std::string* error) {
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
  size_t siglen = 0;
  if (!ctx || EVP_PKEY_sign_init(ctx.get()) <= 0 || EVP_PKEY_sign(ctx.get(), nullptr, &siglen, digest, len) <= 0) {
    *error = "ECDSA signing failed: " + TakeOpensslError();
    return false;
  }
  out->resize(siglen);
  if (EVP_PKEY_sign(ctx.get(), out->data(), &siglen, digest, len) <= 0) {
    *error = "ECDSA signing failed: " + TakeOpensslError();
    return false;
  }
  out->resize(siglen);
  return true;
}

class EcKey : public Napi::ObjectWrap<EcKey> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "EcKey",
                       {
                           InstanceAccessor<&EcKey::PublicKey>("publicKey"),
                           InstanceMethod<&EcKey::PrivateScalar>("privateScalar"),
                           InstanceMethod<&EcKey::ComputeSecret>("computeSecret"),
                           InstanceMethod<&EcKey::SignDigest>("signDigest"),
                           InstanceMethod<&EcKey::SignDigestAsync>("signDigestAsync"),
                           InstanceMethod<&EcKey::VerifyDigest>("verifyDigest"),
                       });
  }

  explicit EcKey(const Napi::CallbackInfo& info) : Napi::ObjectWrap<EcKey>(info) {
    Napi::Env env = info.Env();
    curve_ = FindCurve(StringArg(info, 0, "curve"));
    if (curve_ == nullptr) ThrowRange(env, "curve must be secp256r1, secp384r1 or secp521r1");
    std::string mode = StringArg(info, 1, "mode");
    size_t pointLength = 1 + 2 * curve_->fieldLength;

    if (mode == "generate") {
      const Curve* curve = curve_;
      EVP_PKEY_CTX* ctx = KeygenContext<std::size(kCurves)>(static_cast<size_t>(curve - kCurves), [curve]() {
        PkeyCtx fresh(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
        if (fresh && (EVP_PKEY_keygen_init(fresh.get()) <= 0 || EVP_PKEY_CTX_set_group_name(fresh.get(), curve->group) <= 0)) fresh.reset();
        return fresh;
      });
      EVP_PKEY* raw = nullptr;
      if (ctx == nullptr || EVP_PKEY_generate(ctx, &raw) <= 0) ThrowOpenssl(env, "EC key generation");
      pkey_.reset(raw);
      private_ = true;
      public_.resize(pointLength);
      size_t len = 0;
      // A generated key encodes its point uncompressed (OpenSSL's default form).
      if (!EVP_PKEY_get_octet_string_param(raw, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, public_.data(), public_.size(), &len) ||
          len != pointLength || public_[0] != 0x04) {
        ThrowOpenssl(env, "EC public key export");
      }
    } else if (mode == "private") {
      ByteView scalar = BytesArg(info, 2, "scalar");
      if (scalar.size != curve_->fieldLength) {
        ThrowRange(env, "scalar must be " + std::to_string(curve_->fieldLength) + " bytes long");
      }
      EcGroup group(EC_GROUP_new_by_curve_name(curve_->nid));
      BnCtx ctx(BN_CTX_secure_new());
      Bn priv(BN_secure_new());
      if (!group || !ctx || !priv || !BN_bin2bn(scalar.data, static_cast<int>(scalar.size), priv.get())) {
        ThrowOpenssl(env, "EC private key import");
      }
      BN_set_flags(priv.get(), BN_FLG_CONSTTIME);
      if (BN_is_zero(priv.get()) || BN_cmp(priv.get(), EC_GROUP_get0_order(group.get())) >= 0) {
        ThrowRange(env, "scalar must be in 1 <= scalar < the group order");
      }
      // The public point is computed from the scalar (constant-time
      // fixed-base multiplication): OpenSSL 3.0's import does not derive it.
      EcPoint point(EC_POINT_new(group.get()));
      public_.resize(pointLength);
      if (!point || !EC_POINT_mul(group.get(), point.get(), priv.get(), nullptr, nullptr, ctx.get()) ||
          EC_POINT_point2oct(group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED, public_.data(), public_.size(), ctx.get()) !=
              pointLength) {
        ThrowOpenssl(env, "EC public key computation");
      }
      pkey_ = EcFromData(*curve_, priv.get(), public_.data(), public_.size());
      if (!pkey_) ThrowOpenssl(env, "EC private key import");
      private_ = true;
    } else if (mode == "public") {
      ByteView point = BytesArg(info, 2, "point");
      // Uncompressed only (RFC 8422 5.1.1, RFC 8446 4.2.8.2); this also
      // excludes the point at infinity, whose encoding is the single byte 0.
      if (point.size != pointLength || point.data[0] != 0x04) {
        ThrowType(env, "point must be an uncompressed point (" + std::to_string(pointLength) + " bytes starting with 04)");
      }
      pkey_ = EcFromData(*curve_, nullptr, point.data, point.size);
      if (!pkey_) {
        TakeOpensslError();
        ThrowType(env, "point is not on the curve");
      }
      public_.assign(point.data, point.data + point.size);
    } else {
      ThrowRange(env, "mode must be generate, private or public");
    }
  }

 private:
  void RequirePrivate(Napi::Env env) {
    if (!private_) ThrowType(env, "this EC key has no private part");
  }

  Napi::Value PublicKey(const Napi::CallbackInfo& info) { return NewBytes(info.Env(), public_.data(), public_.size()); }

  Napi::Value PrivateScalar(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    RequirePrivate(env);
    BIGNUM* raw = nullptr;
    if (!EVP_PKEY_get_bn_param(pkey_.get(), OSSL_PKEY_PARAM_PRIV_KEY, &raw)) ThrowOpenssl(env, "EC private key export");
    Bn priv(raw);
    Napi::Uint8Array out = NewBytes(env, curve_->fieldLength);
    if (BN_bn2binpad(priv.get(), out.Data(), static_cast<int>(out.ByteLength())) < 0) ThrowOpenssl(env, "BN_bn2binpad");
    return out;
  }

  // Returns null when the peer's point is malformed or not on the curve;
  // the wrapper turns that into illegal_parameter.
  Napi::Value ComputeSecret(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    RequirePrivate(env);
    ByteView point = BytesArg(info, 0, "peerPublic");
    if (point.size != 1 + 2 * curve_->fieldLength || point.data[0] != 0x04) return env.Null();
    Pkey peer = EcFromData(*curve_, nullptr, point.data, point.size);
    if (!peer) {
      TakeOpensslError();
      return env.Null();
    }
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey_.get(), nullptr));
    // The import above already refused points off the curve, and these
    // curves have cofactor 1, so every such point other than infinity has
    // prime order: skip EVP's own peer check, which costs a second
    // scalar multiplication (order * Q).
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0 || EVP_PKEY_derive_set_peer_ex(ctx.get(), peer.get(), 0) <= 0) {
      TakeOpensslError();
      return env.Null();
    }
    Napi::Uint8Array out = NewBytes(env, curve_->fieldLength);
    size_t len = out.ByteLength();
    if (EVP_PKEY_derive(ctx.get(), out.Data(), &len) <= 0 || len != curve_->fieldLength) {
      TakeOpensslError();
      return env.Null();
    }
    return out;
  }

  Napi::Value SignDigest(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    RequirePrivate(env);
    ByteView digest = BytesArg(info, 0, "digest");
    SecretBytes sig;
    std::string error;
    if (!EcdsaSign(pkey_.get(), digest.data, digest.size, &sig, &error)) throw Napi::Error::New(env, error);
    return NewBytes(env, sig.data(), sig.size());
  }

  Napi::Value SignDigestAsync(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    RequirePrivate(env);
    ByteView digest = BytesArg(info, 0, "digest");
    return PkeyWorker::Run(env, "tlslite:ecdsaSign", pkey_.get(), digest.data, digest.size, EcdsaSign);
  }

  // True only for a valid signature; malformed DER is simply invalid.
  Napi::Value VerifyDigest(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    ByteView digest = BytesArg(info, 0, "digest");
    ByteView sig = BytesArg(info, 1, "signature");
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey_.get(), nullptr));
    if (!ctx || EVP_PKEY_verify_init(ctx.get()) <= 0) ThrowOpenssl(env, "ECDSA verification setup");
    int rc = EVP_PKEY_verify(ctx.get(), sig.data, sig.size, digest.data, digest.size);
    TakeOpensslError();
    return Napi::Boolean::New(env, rc == 1);
  }

  const Curve* curve_ = nullptr;
  Pkey pkey_;
  std::vector<unsigned char> public_;
  bool private_ = false;
};

}  // namespace pkey
}  // namespace tlslite
