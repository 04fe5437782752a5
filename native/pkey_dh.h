// Finite-field Diffie-Hellman over an arbitrary group (p, g).
// Included only by pkey.cc (the build lists one source per family).
//
// Plain BIGNUM arithmetic rather than OpenSSL's EVP "DH" keys, because:
// - TLS 1.2 servers send any (p, g), and EVP DH import validates domain
//   parameters in ways that differ between OpenSSL versions (some reject
//   groups without q, or non-safe primes that real servers still use);
// - EVP_PKEY_derive for DH strips leading zeros unless asked otherwise,
//   and the wrapper needs the padded value for TLS 1.3 (RFC 8446 7.4.1);
// - the arithmetic is one constant-time modular exponentiation
//   (BN_mod_exp_mont_consttime, not deprecated), so there is little for
//   the EVP layer to add.
//
// Exports:
//   DhKey(p, g, x)            bigints; x is the private exponent
//   DhKey(p, g, bits)         bits: a fresh exponent of exactly that many bits
//     .publicKey              y = g^x mod p, padded to the length of p
//     .computeSecret(peer)    peer^x mod p padded to the length of p, or
//                             null if the peer value is not 1 < y < p-1 or
//                             the result is 0 or 1 (a tiny subgroup)
#pragma once

#include <openssl/rand.h>

#include "pkey_util.h"

namespace tlslite {
namespace pkey {

using namespace pk;

class DhKey : public Napi::ObjectWrap<DhKey> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "DhKey",
                       {
                           InstanceAccessor<&DhKey::PublicKey>("publicKey"),
                           InstanceMethod<&DhKey::ComputeSecret>("computeSecret"),
                       });
  }

  explicit DhKey(const Napi::CallbackInfo& info) : Napi::ObjectWrap<DhKey>(info) {
    Napi::Env env = info.Env();
    if (info.Length() != 3) ThrowType(env, "DhKey takes (p, g, x) or (p, g, exponentBits)");
    p_ = BigIntArg(info, 0, "p");
    Bn g = BigIntArg(info, 1, "g");
    // Montgomery multiplication needs an odd modulus; a DH prime is odd.
    if (!BN_is_odd(p_.get()) || BN_num_bits(p_.get()) < 3) ThrowRange(env, "p must be an odd prime");
    if (BN_cmp(g.get(), BN_value_one()) <= 0 || BN_cmp(g.get(), p_.get()) >= 0) ThrowRange(env, "g must be in 1 < g < p");
    length_ = static_cast<size_t>(BN_num_bytes(p_.get()));

    BnCtx ctx(BN_CTX_secure_new());
    mont_.reset(BN_MONT_CTX_new());
    if (!ctx || !mont_ || !BN_MONT_CTX_set(mont_.get(), p_.get(), ctx.get())) ThrowOpenssl(env, "BN_MONT_CTX_set");

    if (info[2].IsBigInt()) {
      x_ = BigIntArg(info, 2, "x", true);
      if (BN_is_zero(x_.get()) || BN_cmp(x_.get(), p_.get()) >= 0) ThrowRange(env, "x must be in 0 < x < p");
    } else {
      uint32_t bits = UintArg(info, 2, "exponentBits");
      if (bits < 2 || bits >= static_cast<uint32_t>(BN_num_bits(p_.get()))) {
        ThrowRange(env, "exponentBits must be at least 2 and less than the bit length of p");
      }
      x_.reset(BN_secure_new());
      // Exactly `bits` bits (top bit set), so x >= 2 and x < p.
      if (!x_ || !BN_priv_rand_ex(x_.get(), static_cast<int>(bits), BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY, 0, ctx.get())) {
        ThrowOpenssl(env, "BN_priv_rand_ex");
      }
    }
    BN_set_flags(x_.get(), BN_FLG_CONSTTIME);

    Bn y(BN_new());
    if (!y || !BN_mod_exp_mont_consttime(y.get(), g.get(), x_.get(), p_.get(), ctx.get(), mont_.get())) {
      ThrowOpenssl(env, "DH public value");
    }
    public_.resize(length_);
    if (BN_bn2binpad(y.get(), public_.data(), static_cast<int>(length_)) < 0) ThrowOpenssl(env, "BN_bn2binpad");
  }

 private:
  Napi::Value PublicKey(const Napi::CallbackInfo& info) { return NewBytes(info.Env(), public_.data(), public_.size()); }

  Napi::Value ComputeSecret(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    ByteView peer = BytesArg(info, 0, "peerPublic");
    if (peer.size == 0 || peer.size > length_) return env.Null();
    Bn y(BN_bin2bn(peer.data, static_cast<int>(peer.size), nullptr));
    Bn pMinus1(BN_dup(p_.get()));
    if (!y || !pMinus1 || !BN_sub_word(pMinus1.get(), 1)) ThrowOpenssl(env, "BN_bin2bn");
    // RFC 7919 5.1 / NIST SP 800-56A 5.6.2.3.1: 1 < y < p-1.
    if (BN_cmp(y.get(), BN_value_one()) <= 0 || BN_cmp(y.get(), pMinus1.get()) >= 0) return env.Null();

    BnCtx ctx(BN_CTX_secure_new());
    Bn z(BN_secure_new());
    if (!ctx || !z || !BN_mod_exp_mont_consttime(z.get(), y.get(), x_.get(), p_.get(), ctx.get(), mont_.get())) {
      ThrowOpenssl(env, "DH shared secret");
    }
    if (BN_is_zero(z.get()) || BN_is_one(z.get())) return env.Null();
    Napi::Uint8Array out = NewBytes(env, length_);
    if (BN_bn2binpad(z.get(), out.Data(), static_cast<int>(length_)) < 0) ThrowOpenssl(env, "BN_bn2binpad");
    return out;
  }

  Bn p_;
  Bn x_;
  Mont mont_;
  size_t length_ = 0;
  std::vector<unsigned char> public_;
};

}  // namespace pkey
}  // namespace tlslite
