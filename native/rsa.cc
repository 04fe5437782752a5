// Raw RSA over OpenSSL's EVP_PKEY: the permutations m^e mod n and
// c^d mod n (no padding; PKCS#1 v1.5 and PSS are done once, in
// TypeScript, above the provider), and key generation.
//
// Exports:
//   RsaKey(n, e[, d, p, q, dP, dQ, qInv])   bigints; builds the EVP_PKEY once
//     .byteLength, .bits
//     .publicOp(input)       -> Uint8Array   input: k bytes, < n
//     .privateOpSync(input)  -> Uint8Array   on the calling thread
//     .privateOp(input)      -> Promise<Uint8Array>  on the libuv thread pool
//   rsaGenerate(bits, e)     -> Promise<{n, e, d, p, q, dP, dQ, qInv}> (bigints)
//
// The private operation goes through EVP_PKEY_decrypt with
// RSA_NO_PADDING: OpenSSL blinds it (the key carries no
// RSA_FLAG_NO_BLINDING) and, in CRT form, recomputes r^e mod n and falls
// back to the plain exponent when the CRT result is wrong, which defeats
// the RSA-CRT fault attack (rsa_ossl_mod_exp in crypto/rsa/rsa_ossl.c).
#include <openssl/rsa.h>

#include "addon.h"
#include "pkey_util.h"

namespace tlslite {
namespace {

using namespace pk;

// A context ready for one raw operation (decrypt = private, encrypt = public).
PkeyCtx RawContext(EVP_PKEY* pkey, bool priv, std::string* error) {
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
  if (!ctx || (priv ? EVP_PKEY_decrypt_init(ctx.get()) : EVP_PKEY_encrypt_init(ctx.get())) <= 0 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_NO_PADDING) <= 0) {
    *error = std::string(priv ? "RSA private" : "RSA public") + " context setup failed: " + TakeOpensslError();
    return nullptr;
  }
  return ctx;
}

// Runs one raw operation; `out` has room for k bytes. Returns false and
// sets `error` on failure (OpenSSL rejects input >= n here).
bool RawOp(EVP_PKEY_CTX* ctx, bool priv, const unsigned char* in, size_t k, unsigned char* out, std::string* error) {
  size_t outlen = k;
  int rc = priv ? EVP_PKEY_decrypt(ctx, out, &outlen, in, k) : EVP_PKEY_encrypt(ctx, out, &outlen, in, k);
  if (rc <= 0 || outlen != k) {
    *error = std::string(priv ? "RSA private" : "RSA public") + " operation failed: " + TakeOpensslError();
    return false;
  }
  return true;
}

class RsaKey : public Napi::ObjectWrap<RsaKey> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "RsaKey",
                       {
                           InstanceAccessor<&RsaKey::ByteLength>("byteLength"),
                           InstanceAccessor<&RsaKey::Bits>("bits"),
                           InstanceMethod<&RsaKey::PublicOp>("publicOp"),
                           InstanceMethod<&RsaKey::PrivateOpSync>("privateOpSync"),
                           InstanceMethod<&RsaKey::PrivateOp>("privateOp"),
                       });
  }

  explicit RsaKey(const Napi::CallbackInfo& info) : Napi::ObjectWrap<RsaKey>(info) {
    Napi::Env env = info.Env();
    size_t argc = info.Length();
    if (argc != 2 && argc != 8) ThrowType(env, "RsaKey takes (n, e) or (n, e, d, p, q, dP, dQ, qInv)");
    private_ = argc == 8;

    static const char* const kNames[] = {
        OSSL_PKEY_PARAM_RSA_N,         OSSL_PKEY_PARAM_RSA_E,         OSSL_PKEY_PARAM_RSA_D,
        OSSL_PKEY_PARAM_RSA_FACTOR1,   OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
        OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
    };
    static const char* const kArgNames[] = {"n", "e", "d", "p", "q", "dP", "dQ", "qInv"};
    std::vector<Bn> values;
    for (size_t i = 0; i < argc; i++) values.push_back(BigIntArg(info, i, kArgNames[i], i >= 2));
    if (BN_is_zero(values[0].get()) || !BN_is_odd(values[0].get())) ThrowRange(env, "n must be odd and positive");
    if (BN_num_bits(values[0].get()) > OPENSSL_RSA_MAX_MODULUS_BITS) ThrowRange(env, "n is too large");

    ParamBld bld(OSSL_PARAM_BLD_new());
    if (!bld) ThrowOpenssl(env, "OSSL_PARAM_BLD_new");
    for (size_t i = 0; i < argc; i++) {
      if (!OSSL_PARAM_BLD_push_BN(bld.get(), kNames[i], values[i].get())) ThrowOpenssl(env, "OSSL_PARAM_BLD_push_BN");
    }
    Params params(OSSL_PARAM_BLD_to_param(bld.get()));
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, private_ ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
      ThrowOpenssl(env, "RSA key import");
    }
    pkey_.reset(raw);
    k_ = static_cast<size_t>(EVP_PKEY_get_size(raw));
    bits_ = EVP_PKEY_get_bits(raw);

    // Contexts for the calling thread, set up once per key: a context
    // must not be shared between threads, so the thread pool makes its own.
    std::string error;
    public_ctx_ = RawContext(raw, false, &error);
    if (!public_ctx_) throw Napi::Error::New(env, error);
    if (private_) {
      private_ctx_ = RawContext(raw, true, &error);
      if (!private_ctx_) throw Napi::Error::New(env, error);
    }
  }

 private:
  Napi::Value ByteLength(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), static_cast<double>(k_)); }
  Napi::Value Bits(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), bits_); }

  ByteView Input(const Napi::CallbackInfo& info) {
    ByteView in = BytesArg(info, 0, "input");
    if (in.size != k_) ThrowRange(info.Env(), "input must be " + std::to_string(k_) + " bytes long");
    return in;
  }

  void RequirePrivate(Napi::Env env) {
    if (!private_) ThrowType(env, "this RSA key has no private part");
  }

  Napi::Value Run(const Napi::CallbackInfo& info, bool priv) {
    Napi::Env env = info.Env();
    if (priv) RequirePrivate(env);
    ByteView in = Input(info);
    Napi::Uint8Array out = NewBytes(env, k_);
    std::string error;
    if (!RawOp(priv ? private_ctx_.get() : public_ctx_.get(), priv, in.data, k_, out.Data(), &error)) {
      throw Napi::Error::New(env, error);
    }
    return out;
  }

  Napi::Value PublicOp(const Napi::CallbackInfo& info) { return Run(info, false); }
  Napi::Value PrivateOpSync(const Napi::CallbackInfo& info) { return Run(info, true); }
  Napi::Value PrivateOp(const Napi::CallbackInfo& info);

  Pkey pkey_;
  PkeyCtx public_ctx_;
  PkeyCtx private_ctx_;
  size_t k_ = 0;
  int bits_ = 0;
  bool private_ = false;
};

// c^d mod n on a pool thread, with a context of its own.
bool PoolPrivateOp(EVP_PKEY* pkey, const unsigned char* in, size_t k, SecretBytes* out, std::string* error) {
  PkeyCtx ctx = RawContext(pkey, true, error);
  if (!ctx) return false;
  out->resize(k);
  return RawOp(ctx.get(), true, in, k, out->data(), error);
}

Napi::Value RsaKey::PrivateOp(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequirePrivate(env);
  ByteView in = Input(info);
  return PkeyWorker::Run(env, "tlslite:rsaPrivateOp", pkey_.get(), in.data, k_, PoolPrivateOp);
}

// Key generation on the thread pool (a 2048-bit key takes tens to
// hundreds of milliseconds).
class GenerateWorker : public Napi::AsyncWorker {
 public:
  GenerateWorker(Napi::Env env, unsigned bits, Bn e)
      : Napi::AsyncWorker(env, "tlslite:rsaGenerate"), deferred_(Napi::Promise::Deferred::New(env)), bits_(bits), e_(std::move(e)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override {
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 || EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), static_cast<int>(bits_)) <= 0 ||
        EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx.get(), e_.get()) <= 0 || EVP_PKEY_generate(ctx.get(), &raw) <= 0) {
      SetError("RSA key generation failed: " + TakeOpensslError());
      return;
    }
    Pkey pkey(raw);
    static const char* const kNames[] = {
        OSSL_PKEY_PARAM_RSA_N,         OSSL_PKEY_PARAM_RSA_E,         OSSL_PKEY_PARAM_RSA_D,
        OSSL_PKEY_PARAM_RSA_FACTOR1,   OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
        OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
    };
    for (size_t i = 0; i < 8; i++) {
      BIGNUM* bn = nullptr;
      if (!EVP_PKEY_get_bn_param(pkey.get(), kNames[i], &bn)) {
        SetError(std::string("RSA key export failed at ") + kNames[i] + ": " + TakeOpensslError());
        return;
      }
      components_[i].reset(bn);
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    static const char* const kKeys[] = {"n", "e", "d", "p", "q", "dP", "dQ", "qInv"};
    Napi::Object result = Napi::Object::New(env);
    for (size_t i = 0; i < 8; i++) result.Set(kKeys[i], BnToBigInt(env, components_[i].get()));
    deferred_.Resolve(result);
  }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  unsigned bits_;
  Bn e_;
  Bn components_[8];
};

Napi::Value RsaGenerate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t bits = UintArg(info, 0, "bits");
  if (bits < 512 || bits > OPENSSL_RSA_MAX_MODULUS_BITS) ThrowRange(env, "bits must be between 512 and 16384");
  Bn e = BigIntArg(info, 1, "publicExponent");
  if (!BN_is_odd(e.get()) || BN_num_bits(e.get()) < 2) ThrowRange(env, "publicExponent must be odd and at least 3");
  auto* worker = new GenerateWorker(env, bits, std::move(e));
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace

void InitRsa(Napi::Env env, Napi::Object exports) {
  exports.Set("RsaKey", RsaKey::Define(env));
  exports.Set("rsaGenerate", Napi::Function::New(env, RsaGenerate, "rsaGenerate"));
}

}  // namespace tlslite
