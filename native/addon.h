// Declarations shared by the addon's translation units: one Init function
// per primitive family, each adding its exports to the module object.
#pragma once
#include <napi.h>

namespace tlslite {

void InitHash(Napi::Env env, Napi::Object exports);    // hash.cc: digests and HMAC
void InitCipher(Napi::Env env, Napi::Object exports);  // cipher.cc: AEAD, CBC, RC4
void InitRandom(Napi::Env env, Napi::Object exports);  // random.cc: RAND_bytes
void InitRsa(Napi::Env env, Napi::Object exports);     // rsa.cc: raw RSA, key generation
void InitPkey(Napi::Env env, Napi::Object exports);    // pkey.cc: DH, ECDH, ECDSA, EdDSA

}  // namespace tlslite
