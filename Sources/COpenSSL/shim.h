#ifndef PLEXUS_COPENSSL_SHIM_H
#define PLEXUS_COPENSSL_SHIM_H

// OpenSSL's libcrypto for message digests (SHA-256 checksums of source files). Only the EVP
// digest API is used; its functions are real functions in OpenSSL 3, not macros.
#include <openssl/evp.h>

#endif
