// Public-key primitives other than RSA: finite-field DH (pkey_dh.h),
// ECDH and ECDSA on the NIST curves (pkey_ec.h), X25519/X448 and
// Ed25519/Ed448 (pkey_raw.h); and the report of what the running
// OpenSSL lacks.
//
// Exports: DhKey, EcKey, RawKey (see their headers) and pkeyMissing, an
// object mapping a provider path ("ecdh.x448", "kems.mlkem768") to the
// reason it is unavailable. Working it out never throws: a missing
// algorithm must not stop the addon from loading.
#include <openssl/crypto.h>

#include "addon.h"
#include "pkey_dh.h"
#include "pkey_ec.h"
#include "pkey_raw.h"

namespace tlslite {
namespace {

using namespace pk;

// Whether OpenSSL can make a key-management context for `keytype`
// (fetching it from the loaded providers); `why` receives the error.
bool HasKeyType(const char* keytype, std::string* why) {
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, keytype, nullptr));
  if (ctx) return true;
  std::string reason = TakeOpensslError();
  *why = std::string("OpenSSL ") + OpenSSL_version(OPENSSL_VERSION_STRING) + " has no " + keytype +
         (reason.empty() ? std::string() : " (" + reason + ")");
  return false;
}

Napi::Object Missing(Napi::Env env) {
  Napi::Object missing = Napi::Object::New(env);
  std::string why;

  bool ec = HasKeyType("EC", &why);
  for (const pkey::Curve& c : pkey::kCurves) {
    std::string reason = why;
    if (ec) {
      pkey::EcGroup group(EC_GROUP_new_by_curve_name(c.nid));
      if (group) continue;
      TakeOpensslError();
      reason = std::string("OpenSSL ") + OpenSSL_version(OPENSSL_VERSION_STRING) + " lacks the curve " + c.group;
    }
    missing.Set(std::string("ecdh.") + c.name, reason);
    missing.Set(std::string("ecdsa.") + c.name, reason);
  }

  for (const pkey::RawType& t : pkey::kRawTypes) {
    if (HasKeyType(t.keytype, &why)) continue;
    missing.Set(std::string(t.signature ? "eddsa." : "ecdh.") + t.name, why);
  }

  if (!HasKeyType("RSA", &why)) missing.Set("rsa", why);

  // OpenSSL 3.5 adds ML-KEM; before that the pure implementation serves it.
  if (HasKeyType("ML-KEM-768", &why)) {
    missing.Set("kems.mlkem768", std::string("OpenSSL ") + OpenSSL_version(OPENSSL_VERSION_STRING) +
                                     " offers ML-KEM-768, but the addon does not wire it yet");
  } else {
    missing.Set("kems.mlkem768",
                std::string("OpenSSL ") + OpenSSL_version(OPENSSL_VERSION_STRING) + " has no ML-KEM (3.5 adds it)");
  }
  ERR_clear_error();
  return missing;
}

}  // namespace

void InitPkey(Napi::Env env, Napi::Object exports) {
  exports.Set("DhKey", pkey::DhKey::Define(env));
  exports.Set("EcKey", pkey::EcKey::Define(env));
  exports.Set("RawKey", pkey::RawKey::Define(env));
  exports.Set("pkeyMissing", Missing(env));
}

}  // namespace tlslite
